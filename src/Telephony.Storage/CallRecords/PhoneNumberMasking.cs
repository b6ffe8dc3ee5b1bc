using System.Text;

namespace Telephony.Storage;

/// <summary>
/// Turns a phone number into a form safe for logs and records: personal data must never be kept in clear.
/// </summary>
public static class PhoneNumberMasking
{
    public const string Anonymous = "anonymous";

    private const int VisibleTrailingDigits = 2;

    // Only full-length numbers keep their leading digits: "+336" tells a French mobile from a landline,
    // which helps operators, while short numbers would be too easy to guess back.
    private const int MinimumDigitsToShowPrefix = 9;

    /// <summary>
    /// "+33612345678" becomes "+336******78"; "0612345678" becomes "06******78"; short numbers keep only
    /// their last 2 digits (and at least 2 digits are always hidden, so "112" becomes "**2"); null, empty or digit-less input (e.g. "Anonymous") becomes "anonymous".
    /// Formatting characters (spaces, dots, dashes, a "sip:" prefix...) are dropped.
    /// </summary>
    public static string Mask(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return Anonymous;
        }

        var trimmed = number.AsSpan().Trim();
        var international = trimmed.StartsWith("+") || trimmed.StartsWith("sip:+", StringComparison.OrdinalIgnoreCase);
        var digits = new StringBuilder();
        foreach (var c in trimmed)
        {
            if (c == '@')
            {
                break; // the host part of a SIP URI is not part of the number
            }

            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        if (digits.Length == 0)
        {
            return Anonymous;
        }

        var prefixLength = digits.Length >= MinimumDigitsToShowPrefix ? (international ? 3 : 2) : 0;
        var visibleTail = Math.Min(VisibleTrailingDigits, Math.Max(0, digits.Length - 2));
        var masked = new StringBuilder(digits.Length + 1);
        if (international)
        {
            masked.Append('+');
        }

        masked.Append(digits, 0, prefixLength);
        masked.Append('*', digits.Length - prefixLength - visibleTail);
        masked.Append(digits, digits.Length - visibleTail, visibleTail);
        return masked.ToString();
    }
}
