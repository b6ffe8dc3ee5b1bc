namespace Telephony.Storage;

/// <summary>
/// What a stored caller key looks like: <c>c_</c> then 32 lower-case hex digits (a truncated HMAC of the number).
/// Checked before anything is written, so that a clear number can never be stored in its place.
/// </summary>
public static class CallerKeyFormat
{
    /// <summary>What every caller key starts with.</summary>
    public const string Prefix = "c_";

    /// <summary>How many hex digits follow it (16 bytes of the HMAC).</summary>
    public const int HexDigits = 32;

    public static bool IsValid(string? key) =>
        key?.Length == Prefix.Length + HexDigits
        && key.StartsWith(Prefix, StringComparison.Ordinal)
        && !key.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef");

    /// <exception cref="ArgumentException">The key does not have the form above.</exception>
    public static void EnsureValid(string? key, string parameter)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException($"A caller key is '{Prefix}' and {HexDigits} lower-case hex digits (the number's keyed hash), never the number.", parameter);
        }
    }
}
