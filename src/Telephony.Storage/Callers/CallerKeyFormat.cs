namespace Telephony.Storage;

/// <summary>
/// What a stored caller key looks like: <c>c_</c> then 32 lower-case hex digits (a truncated HMAC of the number).
/// Checked before anything is written, so that a clear number can never be stored in its place.
/// </summary>
public static class CallerKeyFormat
{
    private const string Prefix = "c_";
    private const int HexDigits = 32;

    public static bool IsValid(string? key) =>
        key is { Length: 34 } && key.StartsWith(Prefix, StringComparison.Ordinal) && key.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef") is false;

    /// <exception cref="ArgumentException">The key does not have the form above.</exception>
    public static void EnsureValid(string? key, string parameter)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException($"A caller key is '{Prefix}' and {HexDigits} lower-case hex digits (the number's keyed hash), never the number.", parameter);
        }
    }
}
