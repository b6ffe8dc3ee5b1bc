using System.Globalization;
using System.Text;

namespace Telephony.Sip.Messages;

/// <summary>
/// Request-Line / Status-Line parsing. Errors that still leave a usable message (wrong version, bad
/// Request-URI) are returned as deferred errors so the caller can read the headers and answer them.
/// </summary>
internal static class StartLineParser
{
    private static readonly SipUri PlaceholderUri = new("sip", null, "invalid");

    public static (SipMessage Message, SipParseException? DeferredError) Parse(ReadOnlySpan<byte> lineBytes)
    {
        var line = Encoding.UTF8.GetString(lineBytes);
        return line.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase) ? ParseStatusLine(line) : ParseRequestLine(line);
    }

    private static (SipMessage, SipParseException?) ParseRequestLine(string line)
    {
        // Request-Line = Method SP Request-URI SP SIP-Version: exactly single spaces, nothing trailing.
        var firstSpace = line.IndexOf(' ', StringComparison.Ordinal);
        var secondSpace = firstSpace < 0 ? -1 : line.IndexOf(' ', firstSpace + 1);
        if (firstSpace <= 0 || secondSpace < 0)
        {
            throw SipParseException.BadRequest("Malformed Request-Line");
        }

        var method = line[..firstSpace];
        if (!SipSyntax.IsToken(method))
        {
            throw SipParseException.BadRequest("Malformed Request-Line: bad method");
        }

        var uriText = line[(firstSpace + 1)..secondSpace];
        var version = line[(secondSpace + 1)..];
        SipParseException? deferred = null;
        SipUri uri = PlaceholderUri;
        if (uriText.Length == 0 || version.Contains(' ') || version.Contains('\t'))
        {
            deferred = SipParseException.BadRequest("Malformed Request-Line: extra whitespace");
        }
        else if (!string.Equals(version, SipMessage.Version20, StringComparison.OrdinalIgnoreCase))
        {
            deferred = IsSipVersion(version)
                ? new SipParseException(505, "Version Not Supported")
                : SipParseException.BadRequest("Malformed Request-Line: bad SIP version");
        }
        else
        {
            try
            {
                uri = SipUriParser.Parse(uriText);
                if (uri.IsSip && uri.Headers is not null)
                {
                    deferred = SipParseException.BadRequest("Request-URI must not contain headers");
                }
            }
            catch (SipParseException e)
            {
                deferred = SipParseException.BadRequest($"Malformed Request-URI ({e.ReasonPhrase})");
                uri = PlaceholderUri;
            }
        }

        return (new SipRequest(method, uri), deferred);
    }

    private static (SipMessage, SipParseException?) ParseStatusLine(string line)
    {
        var firstSpace = line.IndexOf(' ', StringComparison.Ordinal);
        if (firstSpace < 0 || line.Length < firstSpace + 4)
        {
            throw SipParseException.BadRequest("Malformed Status-Line");
        }

        var version = line[..firstSpace];
        var codeEnd = line.IndexOf(' ', firstSpace + 1);
        var codeText = codeEnd < 0 ? line.AsSpan(firstSpace + 1) : line.AsSpan(firstSpace + 1, codeEnd - firstSpace - 1);
        if (codeText.Length != 3 || !int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 100 or > 699)
        {
            throw SipParseException.BadRequest("Malformed Status-Line: bad status code");
        }

        var reason = codeEnd < 0 ? string.Empty : line[(codeEnd + 1)..];
        var response = new SipResponse(code, reason);
        SipParseException? deferred = null;
        if (!string.Equals(version, SipMessage.Version20, StringComparison.OrdinalIgnoreCase))
        {
            deferred = IsSipVersion(version)
                ? new SipParseException(505, "Version Not Supported")
                : SipParseException.BadRequest("Malformed Status-Line: bad SIP version");
        }

        return (response, deferred);
    }

    // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT
    private static bool IsSipVersion(string version)
    {
        if (version.Length < 7 || !version.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var dot = version.IndexOf('.', 4);
        return dot > 4 && dot < version.Length - 1
            && version.AsSpan(4, dot - 4).ContainsAnyExceptInRange('0', '9') is false
            && version.AsSpan(dot + 1).ContainsAnyExceptInRange('0', '9') is false;
    }
}
