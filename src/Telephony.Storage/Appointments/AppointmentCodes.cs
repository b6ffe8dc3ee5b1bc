using System.Security.Cryptography;

namespace Telephony.Storage;

/// <summary>
/// Cancellation codes: 6 characters from an alphabet without the look-alikes (no 0/O, 1/I/L), so a code read on a
/// phone's screen or heard on the line is typed right; 31^6 is about 887 million codes. Compared case-insensitively:
/// stored upper case, and what a citizen types is brought to that form first.
/// </summary>
public static class AppointmentCodes
{
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public const int Length = 6;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The code in stored form ("4kq-7ab " is "4KQ7AB"), or null when it cannot be one (then no appointment has it).</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 32)
        {
            return null;
        }

        var code = new string(typed.Where(c => c is not (' ' or '-' or '.')).Select(char.ToUpperInvariant).ToArray());
        return code.Length == Length && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }
}
