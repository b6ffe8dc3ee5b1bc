namespace Telephony.Sip.Auth;

/// <summary>
/// Reads "Digest name=value, name="quoted", ..." (RFC 7235 §2.1 auth-param list). Hostile input gives
/// null, never an exception: unterminated quotes, missing '=', duplicates or more than 32 parameters.
/// </summary>
internal static class DigestParameterParser
{
    private const int MaxParameters = 32;

    public static Dictionary<string, string>? TryParse(string? headerValue)
    {
        if (headerValue is null)
        {
            return null;
        }

        var s = headerValue.Trim();
        if (!s.StartsWith("Digest", StringComparison.OrdinalIgnoreCase) || s.Length < 7 || !char.IsWhiteSpace(s[6]))
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 6;
        while (true)
        {
            i = SkipSeparators(s, i);
            if (i >= s.Length)
            {
                return result;
            }

            var nameStart = i;
            while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '-' or '_' or '.'))
            {
                i++;
            }

            var name = s[nameStart..i];
            i = SkipWhitespace(s, i);
            if (name.Length == 0 || i >= s.Length || s[i] != '=')
            {
                return null;
            }

            i = SkipWhitespace(s, i + 1);
            if (!TryReadValue(s, ref i, out var value) || !result.TryAdd(name, value) || result.Count > MaxParameters)
            {
                return null;
            }

            i = SkipWhitespace(s, i);
            if (i < s.Length && s[i] != ',')
            {
                return null;
            }
        }
    }

    private static bool TryReadValue(string s, ref int i, out string value)
    {
        value = string.Empty;
        if (i < s.Length && s[i] == '"')
        {
            var builder = new System.Text.StringBuilder();
            for (i++; i < s.Length; i++)
            {
                if (s[i] == '\\' && i + 1 < s.Length)
                {
                    builder.Append(s[++i]);
                }
                else if (s[i] == '"')
                {
                    i++;
                    value = builder.ToString();
                    return true;
                }
                else
                {
                    builder.Append(s[i]);
                }
            }

            return false;
        }

        var start = i;
        while (i < s.Length && s[i] != ',' && !char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        value = s[start..i];
        return value.Length > 0;
    }

    private static int SkipSeparators(string s, int i)
    {
        while (i < s.Length && (char.IsWhiteSpace(s[i]) || s[i] == ','))
        {
            i++;
        }

        return i;
    }

    private static int SkipWhitespace(string s, int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>A quoted-string with '"' and '\' escaped.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
