using System.Globalization;

namespace Telephony.Sip.Messages;

/// <summary>CSeq value: sequence number (32-bit unsigned, RFC 3261 §8.1.1.5) and method.</summary>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    public static CSeqHeader Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var span = value.AsSpan().Trim();
        var space = span.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            throw SipParseException.BadRequest("Malformed CSeq");
        }

        if (!SipSyntax.TryParseUInt32(span[..space], out var number))
        {
            throw SipParseException.BadRequest("Malformed CSeq: sequence number is not a 32-bit number");
        }

        var method = span[(space + 1)..].Trim();
        if (!SipSyntax.IsToken(method))
        {
            throw SipParseException.BadRequest("Malformed CSeq: bad method");
        }

        return new CSeqHeader(number, method.ToString());
    }

    public override string ToString() => $"{Number.ToString(CultureInfo.InvariantCulture)} {Method}";
}
