using System.Globalization;

namespace Telephony.Sip.Messages;

/// <summary>Reading Content-Length strictly: one header at most, decimal digits only.</summary>
internal static class ContentLengthRules
{
    /// <summary>Declared length, or null when the header is absent; throws 400 when malformed or repeated.</summary>
    public static int? Read(SipHeaderCollection headers)
    {
        var lines = headers.CountOf(SipHeaderNames.ContentLength);
        if (lines == 0)
        {
            return null;
        }

        if (lines > 1)
        {
            throw SipParseException.BadRequest("Multiple Content-Length headers");
        }

        return ParseValue(headers.Get(SipHeaderNames.ContentLength)!);
    }

    public static int ParseValue(ReadOnlySpan<char> value)
    {
        var trimmed = value.Trim();
        if (trimmed.IsEmpty || trimmed.Length > 9)
        {
            throw SipParseException.BadRequest("Malformed Content-Length");
        }

        foreach (var c in trimmed)
        {
            if (!char.IsAsciiDigit(c))
            {
                throw SipParseException.BadRequest("Malformed Content-Length");
            }
        }

        return int.Parse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
