namespace Telephony.Ivr;

/// <summary>
/// Offers a callback: plays the offer (barge-in), and a caller who presses <see cref="AcceptKey"/> (or says one of
/// <see cref="AcceptPhrases"/>) is registered for a callback on <see cref="QueueId"/> (<see cref="RequestCallback"/>),
/// then goes to <see cref="OnAccepted"/>; any other answer or silence goes to <see cref="OnDeclined"/>.
/// </summary>
public sealed record CallbackNode(
    string Name,
    IvrPrompt Prompt,
    string QueueId,
    char AcceptKey,
    TimeSpan Timeout,
    string OnAccepted,
    string OnDeclined) : IvrNode(Name)
{
    public IReadOnlyList<string> AcceptPhrases { get; init; } = [];

    internal NodeLink OnAcceptedLink { get; init; }

    internal NodeLink OnDeclinedLink { get; init; }

    public override IEnumerable<IvrPrompt> Prompts => [Prompt];

    internal override IEnumerable<NodeLink> Links => [OnAcceptedLink, OnDeclinedLink];

    internal override NodeRun CreateRun() => new CallbackRun(this);
}
