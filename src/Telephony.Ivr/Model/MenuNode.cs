namespace Telephony.Ivr;

/// <summary>
/// Asks the caller to press a key. A wrong key or silence costs one attempt; when <see cref="MaxAttempts"/> are spent
/// the call goes to <see cref="OnMaxAttempts"/>, so a menu can never trap a caller.
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

    /// <summary>A shorter version of the menu prompt, played when the menu is asked again after a wrong answer or a silence.</summary>
    public IvrPrompt? ShortPrompt { get; init; }

    public float MinConfidence { get; init; } = DefaultMinConfidence;

    internal NodeLink OnMaxAttemptsLink { get; init; }

    /// <summary>Every phrase of every option: the grammar a speech recogniser should listen for in this menu.</summary>
    public IReadOnlyList<string> Phrases => Options.SelectMany(o => o.Phrases).ToList();

    public MenuOption? FindOption(char key) => Options.FirstOrDefault(o => o.Key == key);

    /// <summary>The option a transcript asks for, or null when it names none or several (see <see cref="SpeechText.Match"/>).</summary>
    public MenuOption? FindOption(string transcript) => SpeechText.Match(transcript, Options, o => o.Phrases);

    public override IEnumerable<IvrPrompt> Prompts =>
        new[] { Prompt, ShortPrompt, InvalidPrompt, TimeoutPrompt }.OfType<IvrPrompt>();

    internal override IEnumerable<NodeLink> Links =>
        Options.Select(o => o.NextLink).Append(OnMaxAttemptsLink);

    internal override NodeRun CreateRun() => new MenuRun(this);
}
