using YamlDotNet.Core;

namespace Telephony.Ivr;

/// <summary>A key of a menu (0-9, * or #), the phrases a caller may say instead, and the node it leads to.</summary>
public sealed record MenuOption(char Key, string Next)
{
    /// <summary>Spoken forms of this option, as written in the script (matched after <see cref="SpeechText.Normalize"/>).</summary>
    public IReadOnlyList<string> Phrases { get; init; } = [];

    internal Mark KeyPosition { get; init; }

    internal NodeLink NextLink { get; init; }

    internal IReadOnlyList<Mark> PhrasePositions { get; init; } = [];
}
