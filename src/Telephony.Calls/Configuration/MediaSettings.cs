
namespace Telephony.Calls.Configuration;

/// <summary>The <c>Media</c> configuration section.</summary>
public sealed class MediaSettings
{
    public const string SectionName = "Media";

    /// <summary>A call with no RTP or RTCP from the caller for this long is hung up as dead (0: never).</summary>
    public double InactivityTimeoutSeconds { get; set; } = 30;

    /// <summary>Detect keypad tones inside the audio, for gateways that do not send RFC 4733 events.</summary>
    public bool InBandDtmf { get; set; } = true;

    /// <summary>
    /// How an answer picks the codec: <c>offer</c> keeps the caller's order (RFC 3264 §6.1), or a list such as
    /// <c>PCMA,PCMU</c> imposes ours (and accepts only those listed).
    /// </summary>
    public string CodecPreference { get; set; } = "offer";

    /// <summary>
    /// How long the caller's latched RTP source must be silent before another source may take over (NAT rebinding, a
    /// stray packet after a re-INVITE); never while it sends (0: never, until the next re-INVITE).
    /// </summary>
    public double LatchReleaseSeconds { get; set; } = 2;

    /// <summary>
    /// Networks (CIDR, e.g. <c>192.0.2.0/24</c>) whose addresses may get RTP before they sent any and may take a call's
    /// latch even when its SDP and signalling named another address: the trunk's media gateways, when they are not the
    /// SIP peer. Empty: only the SIP peer's address, the SDP's once it sent RTP, nothing else.
    /// </summary>
    public string[] TrustedRanges { get; set; } = [];
}
