namespace Telephony.Ivr;

/// <summary>
/// Asks the caller to press a key (or a short key sequence, see <see cref="InterDigitTimeout"/>). A wrong entry or
/// silence costs one attempt; when <see cref="MaxAttempts"/> are spent the call goes to <see cref="OnMaxAttempts"/>,
/// so a menu can never trap a caller.
/// </summary>
public sealed record MenuNode(
    string Name,
    IvrPrompt Prompt,
    IReadOnlyList<MenuOption> Options,
    TimeSpan Timeout,
    int MaxAttempts,
    IvrPrompt? InvalidPrompt,
    IvrPrompt? TimeoutPrompt,
    string OnMaxAttempts,
    bool BargeIn) : IvrNode(Name)
{
    /// <summary>Default <see cref="MinConfidence"/>: below it a recognised phrase is too unsure to act on.</summary>
    public const float DefaultMinConfidence = 0.5f;

    /// <summary>Default <see cref="InterDigitTimeout"/> (capped at <see cref="Timeout"/> by the loader).</summary>
    public static readonly TimeSpan DefaultInterDigitTimeout = TimeSpan.FromSeconds(3);

    /// <summary>A shorter version of the menu prompt, played when the menu is asked again after a wrong answer or a silence.</summary>
    public IvrPrompt? ShortPrompt { get; init; }

    public float MinConfidence { get; init; } = DefaultMinConfidence;

    /// <summary>
    /// How long the menu waits for the next key when the keys typed so far begin a longer option key: with options
    /// "1" and "12", a caller who pressed 1 may be about to press 2, so 1 is chosen only after this pause.
    /// </summary>
    public TimeSpan InterDigitTimeout { get; init; } = DefaultInterDigitTimeout;

    internal NodeLink OnMaxAttemptsLink { get; init; }

    /// <summary>Every phrase of every option: the grammar a speech recogniser should listen for in this menu.</summary>
    public IReadOnlyList<string> Phrases => Options.SelectMany(o => o.Phrases).ToList();

    /// <summary>The option whose key sequence is exactly <paramref name="keys"/> (e.g. "12"), or null.</summary>
    public MenuOption? FindOptionByKeys(string keys) => Options.FirstOrDefault(o => o.Key == keys);

    /// <summary>True when <paramref name="keys"/> is the beginning of a longer option key, so another key may follow.</summary>
    public bool IsStartOfLongerKey(string keys) =>
        Options.Any(o => o.Key.Length > keys.Length && o.Key.StartsWith(keys, StringComparison.Ordinal));

    /// <summary>The option a transcript asks for, or null when it names none or several (see <see cref="SpeechText.Match"/>).</summary>
    public MenuOption? FindOption(string transcript) => SpeechText.Match(transcript, Options, o => o.Phrases);

    public override IEnumerable<IvrPrompt> Prompts =>
        new[] { Prompt, ShortPrompt, InvalidPrompt, TimeoutPrompt }.OfType<IvrPrompt>();

    internal override IEnumerable<NodeLink> Links =>
        Options.Select(o => o.NextLink).Append(OnMaxAttemptsLink);

    internal override NodeRun CreateRun() => new MenuRun(this);
}
