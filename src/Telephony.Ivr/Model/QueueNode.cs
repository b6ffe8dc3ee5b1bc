namespace Telephony.Ivr;

/// <summary>
/// Hands the call to an agent queue. The queue's limits and timings (maximum wait, maximum of waiting calls, overflow,
/// announcement interval) are in the queues file (<see cref="IvrQueues"/>); the node says what the caller hears while
/// waiting and where the call goes when the queue gives up. The loader checks the two agree: a queue (or a queue it
/// overflows to) with a max-wait needs <see cref="OnMaxWait"/>, one that may refuse a call needs <see cref="OnFull"/>.
/// Without any branch or announcement the IVR's part ends on joining; the queue decides the call's final outcome.
/// </summary>
public sealed record QueueNode(string Name, string QueueId, int Priority) : IvrNode(Name)
{
    /// <summary>Where the call goes when the queue's maximum wait is reached; null when no queue of the chain has one.</summary>
    public string? OnMaxWait { get; init; }

    /// <summary>Where the call goes when the queue (the end of its overflow chain) refuses it; null when it never refuses.</summary>
    public string? OnFull { get; init; }

    public bool AnnouncePosition { get; init; }

    public bool AnnounceWait { get; init; }

    internal YamlDotNet.Core.Mark QueueIdPosition { get; init; }

    internal NodeLink? OnMaxWaitLink { get; init; }

    internal NodeLink? OnFullLink { get; init; }

    internal override IEnumerable<NodeLink> Links => new[] { OnMaxWaitLink, OnFullLink }.OfType<NodeLink>();

    internal override NodeRun CreateRun() => new QueueRun(this);
}
