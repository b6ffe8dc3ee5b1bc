namespace Telephony.Sip.Messages;

/// <summary>
/// The only exception the SIP parser throws. It carries the status code a UAS should answer with
/// (400 for malformed input, 505 for another SIP version, ...) and, when the start line and headers
/// were readable, the partially parsed message so a stateless error response can still be routed.
/// </summary>
public sealed class SipParseException : Exception
{
    public SipParseException(int statusCode, string reasonPhrase, SipMessage? partialMessage = null)
        : base($"{statusCode} {reasonPhrase}")
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        PartialMessage = partialMessage;
    }

    public SipParseException()
        : this(400, "Bad Request")
    {
    }

    public SipParseException(string message)
        : this(400, message)
    {
    }

    public SipParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
        ReasonPhrase = message;
    }

    /// <summary>Status code the receiving UA should answer with (400, 505, ...).</summary>
    public int StatusCode { get; }

    /// <summary>Specific reason phrase, suitable for the response status line.</summary>
    public string ReasonPhrase { get; }

    /// <summary>What could be parsed before the error (start line and raw headers), or null.</summary>
    public SipMessage? PartialMessage { get; }

    internal static SipParseException BadRequest(string reason) => new(400, reason);
}
