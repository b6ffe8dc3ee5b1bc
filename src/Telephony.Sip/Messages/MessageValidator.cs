namespace Telephony.Sip.Messages;

/// <summary>
/// Checks the headers every transaction and dialog relies on (RFC 3261 §8.1.1, §8.2), so that malformed
/// messages are rejected with 400 at the parser instead of failing later deep inside the stack.
/// </summary>
internal static class MessageValidator
{
    private static readonly string[] Required =
        [SipHeaderNames.Via, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq];

    private static readonly string[] SingleValued =
    [
        SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq,
        SipHeaderNames.MaxForwards, SipHeaderNames.ContentType,
    ];

    public static void Validate(SipMessage message)
    {
        var headers = message.Headers;
        foreach (var name in Required)
        {
            if (!headers.Contains(name))
            {
                throw SipParseException.BadRequest($"Missing {name} header");
            }
        }

        foreach (var name in SingleValued)
        {
            if (headers.CountOf(name) > 1)
            {
                throw SipParseException.BadRequest($"Multiple {name} headers");
            }
        }

        if (string.IsNullOrWhiteSpace(message.CallId))
        {
            throw SipParseException.BadRequest("Empty Call-ID");
        }

        _ = ParseOrFail(() => message.From, "From");
        _ = ParseOrFail(() => message.To, "To");
        var cseq = ParseOrFail(() => message.CSeq, "CSeq");
        foreach (var via in headers.GetValues(SipHeaderNames.Via))
        {
            _ = ParseOrFail(() => ViaHeader.Parse(via), "Via");
        }

        foreach (var contact in headers.GetValues(SipHeaderNames.Contact))
        {
            if (contact != "*")
            {
                _ = ParseOrFail(() => NameAddress.Parse(contact), "Contact");
            }
        }

        ValidateMaxForwards(headers.Get(SipHeaderNames.MaxForwards));
        ValidateDate(headers.Get(SipHeaderNames.Date));
        if (message is SipRequest request && !string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
        {
            throw SipParseException.BadRequest("CSeq method does not match the request method");
        }
    }

    private static T ParseOrFail<T>(Func<T> parse, string header)
    {
        try
        {
            return parse();
        }
        catch (SipParseException e)
        {
            throw SipParseException.BadRequest($"Invalid {header} header: {e.ReasonPhrase}");
        }
    }

    private static void ValidateMaxForwards(string? value)
    {
        if (value is null)
        {
            return;
        }

        if (!SipSyntax.TryParseUInt32(value.AsSpan().Trim(), out var hops) || hops > 255)
        {
            throw SipParseException.BadRequest("Invalid Max-Forwards header");
        }
    }

    // SIP-date is RFC 1123 and always GMT (RFC 3261 §20.17).
    private static void ValidateDate(string? value)
    {
        if (value is not null && !value.TrimEnd().EndsWith(" GMT", StringComparison.Ordinal))
        {
            throw SipParseException.BadRequest("Invalid Date header: must be in GMT");
        }
    }
}
