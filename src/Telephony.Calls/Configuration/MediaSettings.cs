
namespace Telephony.Calls.Configuration;

/// <summary>The <c>Media</c> configuration section.</summary>
public sealed class MediaSettings
{
    public const string SectionName = "Media";

    /// <summary>A call with no RTP or RTCP from the caller for this long is hung up as dead (0: never).</summary>
    public double InactivityTimeoutSeconds { get; set; } = 30;

    /// <summary>Detect keypad tones inside the audio, for gateways that do not send RFC 4733 events.</summary>
    public bool InBandDtmf { get; set; } = true;
}
