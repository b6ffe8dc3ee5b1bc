namespace Telephony.Media.Sessions;

/// <summary>Per-session behaviour that the server may tune; the defaults suit an IVR behind SIP trunks.</summary>
public sealed record RtpSessionOptions
{
    public static RtpSessionOptions Default { get; } = new();

    /// <summary>
    /// Raise <see cref="RtpSession.InactivityTimedOut"/> after this long without any RTP or RTCP from the peer while it
    /// is supposed to send (not on hold). <see cref="Timeout.InfiniteTimeSpan"/> or zero disables the check.
    /// </summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Detect DTMF tones inside the received audio (Goertzel) for gateways that do not send RFC 4733.</summary>
    public bool InBandDtmf { get; init; } = true;

    /// <summary>Interval between our RTCP reports (RFC 3550 §6.2 suggests 5 s minimum); zero disables RTCP sending.</summary>
    public TimeSpan RtcpInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How much received audio may wait for a late packet before the gap is given up (reordering depth).</summary>
    public TimeSpan JitterBufferDepth { get; init; } = TimeSpan.FromMilliseconds(60);
}
