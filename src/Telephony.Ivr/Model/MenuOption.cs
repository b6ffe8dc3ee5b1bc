using YamlDotNet.Core;

namespace Telephony.Ivr;

/// <summary>
/// The keys of a menu option (1 to <see cref="MaxKeyLength"/> of 0-9, * or #, e.g. "1", "12", "*9"), the phrases a
/// caller may say instead, the node it leads to, and the choice in words for the agent (<see cref="Label"/>).
/// </summary>
public sealed record MenuOption(string Key, string Next)
{
    /// <summary>Longest key sequence of an option: menus choose among a few options, not numbers (see <c>collect</c>).</summary>
    public const int MaxKeyLength = 4;

    /// <summary>Longest <see cref="Label"/>: it is one step of the path an agent's console shows on one line.</summary>
    public const int MaxLabelLength = 60;

    /// <summary>
    /// The choice in words, as the agent's console shows it ("Retraite → Date de paiement"). When the script gives
    /// none: the option's first phrase with a capital ("Retraite"), else the key ("Touche 1").
    /// </summary>
    public string Label { get; init; } = "Touche " + Key;

    /// <summary>Spoken forms of this option, as written in the script (matched after <see cref="SpeechText.Normalize"/>).</summary>
    public IReadOnlyList<string> Phrases { get; init; } = [];

    internal Mark KeyPosition { get; init; }

    internal Mark? LabelPosition { get; init; }

    internal NodeLink NextLink { get; init; }

    internal IReadOnlyList<Mark> PhrasePositions { get; init; } = [];

    /// <summary>The label an option gets when the script gives none (see <see cref="Label"/>).</summary>
    public static string DefaultLabel(string key, IReadOnlyList<string> phrases) =>
        phrases.Count > 0 && phrases[0].Trim() is { Length: > 0 } first
            ? char.ToUpperInvariant(first[0]) + first[1..]
            : "Touche " + key;

    /// <summary>True for a key sequence a menu option may use: 1 to <see cref="MaxKeyLength"/> of 0-9, * or #.</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(c => char.IsAsciiDigit(c) || c is '*' or '#');
}
