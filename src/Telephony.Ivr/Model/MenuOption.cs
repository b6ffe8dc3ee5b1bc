using YamlDotNet.Core;

namespace Telephony.Ivr;

/// <summary>
/// The keys of a menu option (1 to <see cref="MaxKeyLength"/> of 0-9, * or #, e.g. "1", "12", "*9"), the phrases a
/// caller may say instead, and the node it leads to.
/// </summary>
public sealed record MenuOption(string Key, string Next)
{
    /// <summary>Longest key sequence of an option: menus choose among a few options, not numbers (see <c>collect</c>).</summary>
    public const int MaxKeyLength = 4;

    /// <summary>Spoken forms of this option, as written in the script (matched after <see cref="SpeechText.Normalize"/>).</summary>
    public IReadOnlyList<string> Phrases { get; init; } = [];

    internal Mark KeyPosition { get; init; }

    internal NodeLink NextLink { get; init; }

    internal IReadOnlyList<Mark> PhrasePositions { get; init; } = [];

    /// <summary>True for a key sequence a menu option may use: 1 to <see cref="MaxKeyLength"/> of 0-9, * or #.</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(c => char.IsAsciiDigit(c) || c is '*' or '#');
}
