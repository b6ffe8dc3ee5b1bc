namespace Telephony.Grains.Abstractions;

/// <summary>A call waiting in a queue. Carries no phone number: the queue does not need one.</summary>
[GenerateSerializer, Immutable]
public sealed record QueuedCall(
    [property: Id(0)] string CallId,
    [property: Id(1)] string Network,
    [property: Id(2)] string Line,
    [property: Id(3)] int Priority,
    [property: Id(4)] DateTimeOffset JoinedAt);
