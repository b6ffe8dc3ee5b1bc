namespace Telephony.Grains.Abstractions;

/// <summary>
/// A call waiting in a queue. Carries no phone number: the queue does not need one. <see cref="Node"/> is the caller's
/// node, told when an agent is reserved for the call (the caller's media stays there). <see cref="Context"/> is what
/// the agent's console will show; it may hold personal data the caller keyed, so it is never logged.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueuedCall(
    [property: Id(0)] string CallId,
    [property: Id(1)] string Network,
    [property: Id(2)] string Line,
    [property: Id(3)] int Priority,
    [property: Id(4)] DateTimeOffset JoinedAt)
{
    [Id(5)]
    public IWaitingCallObserver? Node { get; init; }

    [Id(6)]
    public AgentCallContext? Context { get; init; }

    /// <summary>
    /// A callback's entry: nobody is on the line, so the queue's maximum wait (which sends a live caller elsewhere)
    /// does not apply. Its arrival is the citizen's original one, or an appointment's slot start, often already past
    /// the maximum wait: without this the entry was never offered to an agent.
    /// </summary>
    [Id(7)]
    public bool IsCallback { get; init; }

    /// <summary>
    /// A customer-first callback whose citizen is not on the line yet: it keeps its place (and the callers behind it
    /// stay behind it) but is not offered to agents; its node calls the citizen when it is first in line.
    /// </summary>
    [Id(8)]
    public bool AwaitingCitizen { get; init; }
}
