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
}
