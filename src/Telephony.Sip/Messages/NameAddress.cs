using System.Text;

namespace Telephony.Sip.Messages;

/// <summary>
/// A From/To/Contact/Route value: optional display name, URI, header parameters (tag, expires, ...).
/// Without angle brackets (addr-spec form) the parameters after the URI belong to the header (RFC 3261 §20.10).
/// </summary>
public sealed class NameAddress
{
    public NameAddress(SipUri uri, string? displayName = null)
    {
        Uri = uri ?? throw new ArgumentNullException(nameof(uri));
        DisplayName = displayName;
    }

    /// <summary>Display name, unquoted, or null.</summary>
    public string? DisplayName { get; }

    public SipUri Uri { get; }

    public SipParameters Parameters { get; } = new();

    public string? Tag
    {
        get => Parameters.Get("tag");
        set
        {
            if (value is null)
            {
                Parameters.Remove("tag");
            }
            else
            {
                Parameters.Set("tag", value);
            }
        }
    }

    /// <summary>Parses a name-addr or addr-spec with parameters; throws <see cref="SipParseException"/> (400).</summary>
    public static NameAddress Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var s = value;
        var index = SipSyntax.SkipWhitespace(s, 0);
        string? displayName = null;
        string uriText;
        if (index < s.Length && s[index] == '"')
        {
            index = SipSyntax.ReadQuotedString(s, index, out var quoted);
            displayName = quoted;
            index = SipSyntax.SkipWhitespace(s, index);
            if (index >= s.Length || s[index] != '<')
            {
                throw SipParseException.BadRequest("Malformed name-addr: missing '<' after display name");
            }
        }

        var open = s.IndexOf('<', index);
        if (open >= 0 && (index >= s.Length || s[index] == '<' || displayName is null))
        {
            if (displayName is null && open > index)
            {
                displayName = ParseTokenDisplayName(s.AsSpan(index, open - index));
            }

            var close = s.IndexOf('>', open + 1);
            if (close < 0)
            {
                throw SipParseException.BadRequest("Malformed name-addr: missing '>'");
            }

            uriText = s[(open + 1)..close];
            index = close + 1;
        }
        else
        {
            // addr-spec: the URI ends at the first ';' (parameters after it are header parameters).
            var end = index;
            while (end < s.Length && s[end] != ';' && !SipSyntax.IsWhitespace(s[end]))
            {
                end++;
            }

            uriText = s[index..end];
            if (uriText.Contains('?') || uriText.Contains(','))
            {
                throw SipParseException.BadRequest("Malformed addr-spec: URI with '?' or ',' must be in angle brackets");
            }

            index = end;
        }

        if (uriText.Length == 0)
        {
            throw SipParseException.BadRequest("Malformed name-addr: empty URI");
        }

        var address = new NameAddress(SipUriParser.Parse(uriText), displayName);
        var parameters = SipParameters.ParseHeaderParameters(s, index, "header");
        foreach (var (name, paramValue) in parameters)
        {
            address.Parameters.AddParsed(name, paramValue);
        }

        return address;
    }

    public static bool TryParse(string value, out NameAddress? address)
    {
        try
        {
            address = Parse(value);
            return true;
        }
        catch (SipParseException)
        {
            address = null;
            return false;
        }
    }

    // display-name = *(token LWS) / quoted-string: an unquoted display name may only hold tokens.
    private static string ParseTokenDisplayName(ReadOnlySpan<char> text)
    {
        var trimmed = text.Trim();
        foreach (var c in trimmed)
        {
            if (!SipSyntax.IsTokenChar(c) && !SipSyntax.IsWhitespace(c))
            {
                throw SipParseException.BadRequest("Malformed display name: quote it");
            }
        }

        return trimmed.ToString();
    }

    public override string ToString()
    {
        var builder = new StringBuilder(96);
        if (!string.IsNullOrEmpty(DisplayName))
        {
            builder.Append(SipSyntax.Quote(DisplayName)).Append(' ');
        }

        builder.Append('<').Append(Uri).Append('>');
        Parameters.AppendTo(builder);
        return builder.ToString();
    }
}
