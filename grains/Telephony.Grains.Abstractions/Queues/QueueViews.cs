namespace Telephony.Grains.Abstractions;

/// <summary>The head of a queue as an agent choosing its next call sees it: the oldest unclaimed call, if any.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueHead(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string CallId,
    [property: Id(2)] int Priority,
    [property: Id(3)] DateTimeOffset JoinedAt);

/// <summary>What an agent tells each queue it is logged in to, at every change: the queue's view of its agents.</summary>
[GenerateSerializer, Immutable]
public sealed record AgentPresence(
    [property: Id(0)] string AgentId,
    [property: Id(1)] int Level,
    [property: Id(2)] AgentStatus Status,
    [property: Id(3)] DateTimeOffset Since,
    [property: Id(4)] bool LoggedIn);

/// <summary>
/// A queue live, for supervisors and metrics: waiting calls, the longest wait, the estimated wait for a newcomer, and
/// the agents logged in by state.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueueStats(
    [property: Id(0)] string QueueId,
    [property: Id(1)] int Waiting,
    [property: Id(2)] TimeSpan LongestWait,
    [property: Id(3)] TimeSpan EstimatedWait,
    [property: Id(4)] IReadOnlyDictionary<AgentStatus, int> AgentsByStatus,
    [property: Id(5)] TimeSpan? AverageHandleTime);
