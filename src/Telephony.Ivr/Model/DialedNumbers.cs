using System.Text;

namespace Telephony.Ivr;

/// <summary>
/// Brings the many ways a trunk can present a called number to one comparable form: French numbers in national form
/// (<c>0809401401</c>), short numbers as dialled (<c>3960</c>), other countries as <c>+</c> and digits.
/// </summary>
public static class DialedNumbers
{
    private const string FrenchPrefix = "+33";
    private const int FrenchSignificantDigits = 9;
    private const int MaxInputLength = 256;

    /// <summary>
    /// Accepts "3960", "+333960", "0809401401", "+33809401401", "0033809401401", "33809401401",
    /// SIP or tel URIs ("sip:%2B33809401401@host;user=phone") and visual separators ("08 09 40 14 01").
    /// Returns null when the text is not a phone number at all.
    /// </summary>
    public static string? Normalize(string? dialed)
    {
        if (string.IsNullOrWhiteSpace(dialed) || dialed.Length > MaxInputLength)
        {
            return null;
        }

        var text = StripUri(dialed.Trim());
        text = Uri.UnescapeDataString(text);
        var compact = RemoveVisualSeparators(text);
        if (compact is null || compact.Length == 0)
        {
            return null;
        }

        if (compact.StartsWith("00", StringComparison.Ordinal))
        {
            compact = "+" + compact[2..];
        }
        else if (compact.Length == 2 + FrenchSignificantDigits && compact.StartsWith("33", StringComparison.Ordinal))
        {
            // E.164 without its plus, as some trunks send it.
            compact = "+" + compact;
        }

        if (compact.StartsWith(FrenchPrefix, StringComparison.Ordinal))
        {
            var rest = compact[FrenchPrefix.Length..];
            // A national number loses its leading 0 in E.164; a short number (3960) is sent as is after +33.
            compact = rest.Length == FrenchSignificantDigits && rest[0] != '0' ? "0" + rest : rest;
        }

        var digits = compact.StartsWith('+') ? compact[1..] : compact;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) ? compact : null;
    }

    private static string StripUri(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var scheme = text[..colon].ToLowerInvariant();
            if (scheme is "sip" or "sips" or "tel")
            {
                text = text[(colon + 1)..];
            }
        }

        var end = text.IndexOfAny(['@', ';', '?']);
        return end >= 0 ? text[..end] : text;
    }

    private static string? RemoveVisualSeparators(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c) || (c == '+' && builder.Length == 0))
            {
                builder.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }

        return builder.ToString();
    }
}
