namespace Telephony.Ivr;

/// <summary>
/// Offers a callback: plays the offer (barge-in), and a caller who presses <see cref="AcceptKey"/> (or says one of
/// <see cref="AcceptPhrases"/>) is registered for a callback on <see cref="QueueId"/> (<see cref="RequestCallback"/>),
/// then goes to <see cref="OnAccepted"/> once the service stored the request; any other answer or silence goes to
/// <see cref="OnDeclined"/>. When the service refuses the request (a number it may not call back: anonymous, foreign,
/// premium-rate), the caller hears <see cref="RefusedPrompt"/> and goes to <see cref="OnRefused"/>.
/// With <see cref="ConfirmNumber"/> (the default) the number is confirmed first (<see cref="NumberConfirmation"/>): the
/// caller ID read back, or another number keyed; a caller who does not confirm goes to <see cref="OnDeclined"/>, one
/// whose numbers are all refused hears why, then <see cref="RefusedPrompt"/>.
/// </summary>
public sealed record CallbackNode(
    string Name,
    IvrPrompt Prompt,
    string QueueId,
    char AcceptKey,
    TimeSpan Timeout,
    string OnAccepted,
    string OnDeclined,
    IvrPrompt RefusedPrompt,
    string OnRefused) : IvrNode(Name)
{
    public IReadOnlyList<string> AcceptPhrases { get; init; } = [];

    /// <summary><c>confirm-number</c>: read the number back before storing the request (default true).</summary>
    public bool ConfirmNumber { get; init; } = true;

    /// <summary><c>accept-numbers</c>: which numbers beyond French fixed and mobile ones may be called back.</summary>
    public NumberRules NumberRules { get; init; } = NumberRules.Strict;

    internal YamlDotNet.Core.Mark QueueIdPosition { get; init; }

    internal NodeLink OnAcceptedLink { get; init; }

    internal NodeLink OnDeclinedLink { get; init; }

    internal NodeLink OnRefusedLink { get; init; }

    public override IEnumerable<IvrPrompt> Prompts => [Prompt, RefusedPrompt];

    internal override IEnumerable<NodeLink> Links => [OnAcceptedLink, OnDeclinedLink, OnRefusedLink];

    internal override NodeRun CreateRun() => new CallbackRun(this);
}
