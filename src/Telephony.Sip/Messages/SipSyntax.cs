using System.Text;

namespace Telephony.Sip.Messages;

/// <summary>Character classes and small lexical helpers from the RFC 3261 §25 grammar.</summary>
internal static class SipSyntax
{
    // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    public static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';

    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    public static int SkipWhitespace(string s, int index)
    {
        while (index < s.Length && IsWhitespace(s[index]))
        {
            index++;
        }

        return index;
    }

    /// <summary>Decodes %HH escapes once (never recursively); malformed escapes are kept literally.</summary>
    public static string Unescape(string value)
    {
        if (value.IndexOf('%') < 0)
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                i += 2;
                continue;
            }

            var written = Encoding.UTF8.GetBytes(value.AsSpan(i, char.IsHighSurrogate(c) && i + 1 < value.Length ? 2 : 1), utf8);
            if (written > 1 && char.IsHighSurrogate(c))
            {
                i++;
            }

            for (var b = 0; b < written; b++)
            {
                bytes.Add(utf8[b]);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Escapes the characters that may not appear literally in a URI user part.</summary>
    public static string EscapeUser(string user)
    {
        var builder = new StringBuilder(user.Length);
        foreach (var b in Encoding.UTF8.GetBytes(user))
        {
            var c = (char)b;
            var allowed = b < 128 && (char.IsAsciiLetterOrDigit(c) || "-_.!~*'()&=+$,;?/".Contains(c));
            if (allowed)
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>Parses 1..10 decimal digits into a uint; false on empty, non-digits or overflow.</summary>
    public static bool TryParseUInt32(ReadOnlySpan<char> digits, out uint value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        ulong accumulator = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            accumulator = (accumulator * 10) + (ulong)(c - '0');
            if (accumulator > uint.MaxValue)
            {
                return false;
            }
        }

        value = (uint)accumulator;
        return true;
    }

    /// <summary>Reads a quoted string starting at s[index] == '"'; returns the index after the closing quote.</summary>
    public static int ReadQuotedString(string s, int index, out string unquoted)
    {
        var builder = new StringBuilder();
        for (var i = index + 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length)
            {
                builder.Append(s[i + 1]);
                i++;
            }
            else if (c == '"')
            {
                unquoted = builder.ToString();
                return i + 1;
            }
            else
            {
                builder.Append(c);
            }
        }

        throw SipParseException.BadRequest("Unterminated quoted string");
    }

    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }
}
