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
    internal NodeLink OnMaxAttemptsLink { get; init; }

    public MenuOption? FindOption(char key) => Options.FirstOrDefault(o => o.Key == key);

    public override IEnumerable<IvrPrompt> Prompts =>
        new[] { Prompt, InvalidPrompt, TimeoutPrompt }.OfType<IvrPrompt>();

    internal override IEnumerable<NodeLink> Links =>
        Options.Select(o => o.NextLink).Append(OnMaxAttemptsLink);

    internal override NodeRun CreateRun() => new MenuRun(this);
}
