using Telephony.Media.Rtp;

namespace Telephony.Calls.Channels;

/// <summary>
/// How a call whose media could not be opened is refused and counted. Only real port exhaustion is saturation (the
/// line was full); any other failure is the service's own fault: 500 and <c>dropped</c>, never blamed on capacity.
/// </summary>
public sealed record MediaOpenFailure(int SipStatus, string ReasonPhrase, CallOutcome Outcome, string EndReason, bool IsSaturation)
{
    public static MediaOpenFailure Of(Exception error) => error is RtpPortsExhaustedException
        ? new MediaOpenFailure(503, "Service Unavailable", CallOutcome.Saturated, "no_media_port", IsSaturation: true)
        : new MediaOpenFailure(500, "Server Internal Error", CallOutcome.Dropped, "media_error", IsSaturation: false);
}
