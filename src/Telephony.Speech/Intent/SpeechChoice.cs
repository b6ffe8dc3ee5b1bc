namespace Telephony.Speech.Intent;

/// <summary>
/// One menu option as speech sees it: its keypad <see cref="Key"/> ("1", "12", "*9"), the <see cref="Phrases"/> the
/// script lists (also the recognizer's grammar) and optional <see cref="Synonyms"/>, other ways callers say the same
/// thing. Plain data, so the call layer builds it from the IVR script without this library knowing the script format.
/// </summary>
public sealed record SpeechChoice(string Key, IReadOnlyList<string> Phrases)
{
    public IReadOnlyList<string> Synonyms { get; init; } = [];

    /// <summary>Phrases then synonyms: every form that selects this option.</summary>
    public IEnumerable<string> AllForms => Phrases.Concat(Synonyms);
}
