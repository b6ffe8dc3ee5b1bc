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

    /// <summary>
    /// Which addresses may get media before the peer proved itself, and which sources may take the latch (trusted
    /// media ranges); the default trusts no range: the signalling peer's address and what the peer proves by sending.
    /// </summary>
    public MediaPeerPolicy PeerPolicy { get; init; } = MediaPeerPolicy.Default;

    /// <summary>Detect DTMF tones inside the received audio (Goertzel) for gateways that do not send RFC 4733.</summary>
    public bool InBandDtmf { get; init; } = true;

    /// <summary>Interval between our RTCP reports (RFC 3550 §6.2 suggests 5 s minimum); zero disables RTCP sending.</summary>
    public TimeSpan RtcpInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How much received audio may wait for a late packet before the gap is given up (reordering depth).</summary>
    public TimeSpan JitterBufferDepth { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>
    /// How long the latched RTP source must have been silent before a packet from another source may take the latch
    /// (the way rtpengine re-learns an endpoint): a phone whose NAT mapping changed, or the real peer after a stray
    /// packet from elsewhere was latched first after a re-INVITE, gets the call back after this gap instead of leaving it
    /// one-way until the inactivity timeout. While the latched source is live, other sources are refused, so packets
    /// injected into a running call cannot take it over. <see cref="Timeout.InfiniteTimeSpan"/> keeps the first latch
    /// until the next <see cref="RtpSession.Start(NegotiatedAudio, System.Net.IPAddress)"/>; zero follows whichever source sent last.
    /// </summary>
    /// <remarks>
    /// Two seconds is a hundred packet times: far longer than the gaps a live source leaves (a burst of loss, a Wi-Fi
    /// handover of a few hundred milliseconds, comfort noise sent every few hundred milliseconds during silence), and
    /// still a short, recoverable hole in the audio, well inside the 30 s inactivity timeout.
    /// </remarks>
    public TimeSpan LatchReleaseAfter
    {
        get;
        init
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Use zero or more, or Timeout.InfiniteTimeSpan.");
            }

            field = value;
        }
    } = TimeSpan.FromSeconds(2);
}
