using System.Security.Cryptography;

namespace Telephony.Storage;

/// <summary>
/// Agent ids: <c>ag_</c> and 16 characters of lower-case base32 (80 random bits). Opaque on purpose: they say nothing
/// about the person, so they may appear in call records, logs and metrics where a name may not.
/// </summary>
public static class AgentIds
{
    public const string Prefix = "ag_";

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int RandomCharacters = 16;

    public static string New()
    {
        Span<byte> random = stackalloc byte[RandomCharacters];
        RandomNumberGenerator.Fill(random);
        Span<char> id = stackalloc char[Prefix.Length + RandomCharacters];
        Prefix.AsSpan().CopyTo(id);
        for (var i = 0; i < RandomCharacters; i++)
        {
            // 256 is a multiple of 32: taking the low five bits keeps every character equally likely.
            id[Prefix.Length + i] = Alphabet[random[i] & 31];
        }

        return new string(id);
    }

    /// <summary>True for a string <see cref="New"/> could have made; anything else (a name, an extension) is not an agent id.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: 19 } && id.StartsWith(Prefix, StringComparison.Ordinal) && id.AsSpan(Prefix.Length).IndexOfAnyExcept(Alphabet) < 0;
}
