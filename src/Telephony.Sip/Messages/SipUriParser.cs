namespace Telephony.Sip.Messages;

/// <summary>Parser for RFC 3261 §19.1 SIP-URIs and RFC 3986-style absolute URIs of other schemes.</summary>
internal static class SipUriParser
{
    public static SipUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(text[0]))
        {
            throw SipParseException.BadRequest("Malformed URI: missing scheme");
        }

        for (var i = 1; i < colon; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(text[i]) || text[i] is '+' or '-' or '.'))
            {
                throw SipParseException.BadRequest("Malformed URI scheme");
            }
        }

        foreach (var c in text)
        {
            if (c <= ' ' || c is '<' or '>' or '"' || c == '\u007f')
            {
                throw SipParseException.BadRequest("Malformed URI: forbidden character");
            }
        }

        var scheme = text[..colon].ToLowerInvariant();
        var rest = text[(colon + 1)..];
        if (scheme is not ("sip" or "sips"))
        {
            if (rest.Length == 0)
            {
                throw SipParseException.BadRequest("Malformed URI: empty");
            }

            return SipUri.CreateOpaque(scheme, rest);
        }

        return ParseSip(scheme, rest);
    }

    private static SipUri ParseSip(string scheme, string rest)
    {
        string? rawUser = null;
        string? password = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var hostStart = 0;
        if (at >= 0)
        {
            var userInfo = rest[..at];
            var passwordColon = userInfo.IndexOf(':', StringComparison.Ordinal);
            rawUser = passwordColon < 0 ? userInfo : userInfo[..passwordColon];
            password = passwordColon < 0 ? null : userInfo[(passwordColon + 1)..];
            if (rawUser.Length == 0)
            {
                throw SipParseException.BadRequest("Malformed URI: empty user");
            }

            hostStart = at + 1;
        }

        var index = hostStart;
        string host;
        if (index < rest.Length && rest[index] == '[')
        {
            var close = rest.IndexOf(']', index);
            if (close < 0)
            {
                throw SipParseException.BadRequest("Malformed URI: unterminated IPv6 reference");
            }

            host = rest[(index + 1)..close];
            if (!System.Net.IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                throw SipParseException.BadRequest("Malformed URI: bad IPv6 reference");
            }

            index = close + 1;
        }
        else
        {
            var start = index;
            while (index < rest.Length && (char.IsAsciiLetterOrDigit(rest[index]) || rest[index] is '-' or '.' or '_'))
            {
                index++;
            }

            host = rest[start..index];
        }

        if (host.Length == 0)
        {
            throw SipParseException.BadRequest("Malformed URI: missing host");
        }

        int? port = null;
        if (index < rest.Length && rest[index] == ':')
        {
            var start = ++index;
            while (index < rest.Length && char.IsAsciiDigit(rest[index]))
            {
                index++;
            }

            if (index == start || index - start > 5 || int.Parse(rest.AsSpan(start, index - start), System.Globalization.CultureInfo.InvariantCulture) > 65535)
            {
                throw SipParseException.BadRequest("Malformed URI: bad port");
            }

            port = int.Parse(rest.AsSpan(start, index - start), System.Globalization.CultureInfo.InvariantCulture);
        }

        var parameters = new SipParameters();
        while (index < rest.Length && rest[index] == ';')
        {
            var start = ++index;
            while (index < rest.Length && rest[index] is not (';' or '?'))
            {
                index++;
            }

            var parameter = rest[start..index];
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? parameter : parameter[..equals];
            if (name.Length == 0)
            {
                throw SipParseException.BadRequest("Malformed URI: empty parameter");
            }

            parameters.AddParsed(name, equals < 0 ? null : parameter[(equals + 1)..]);
        }

        string? headers = null;
        if (index < rest.Length && rest[index] == '?')
        {
            headers = rest[(index + 1)..];
            index = rest.Length;
        }

        if (index != rest.Length)
        {
            throw SipParseException.BadRequest("Malformed URI: unexpected character in host");
        }

        return SipUri.CreateParsed(scheme, rawUser, password, host, port, parameters, headers);
    }
}
