namespace Telephony.Media.Sdp;

/// <summary>
/// Either an answer with the audio parameters it agreed, or the reason no answer is possible.
/// </summary>
/// <param name="Answer">The SDP to send back, null on failure.</param>
/// <param name="Audio">What the RTP session must use, null on failure.</param>
/// <param name="Failure">Human-readable reason for a 488 Not Acceptable Here Warning header, null on success.</param>
public sealed record SdpAnswerResult(SdpSessionDescription? Answer, NegotiatedAudio? Audio, string? Failure)
{
    /// <summary>RFC 3261 §20.43 warning code that goes with <see cref="Failure"/> (e.g. 305 Incompatible media format); 0 on success.</summary>
    public int WarningCode { get; init; }

    public bool Succeeded => Answer is not null && Audio is not null;

    internal static SdpAnswerResult Fail(int warningCode, string reason) => new(null, null, reason) { WarningCode = warningCode };
}
