namespace Telephony.Grains.Abstractions;

/// <summary>The head of a queue as an agent choosing its next call sees it: the oldest unclaimed call, if any.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueHead(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string CallId,
    [property: Id(2)] int Priority,
    [property: Id(3)] DateTimeOffset JoinedAt);

/// <summary>
/// What an agent tells each queue it is logged in to, at every change and every <c>AgentPresence.RefreshInterval</c>
/// (so a queue that lost its view, or a push, learns it again): the queue's view of its agents. One-way pushes may
/// arrive out of order: a queue ignores a presence whose <see cref="Version"/> is lower than the one it holds (a
/// refresh repeats the version).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AgentPresence(
    [property: Id(0)] string AgentId,
    [property: Id(1)] int Level,
    [property: Id(2)] AgentStatus Status,
    [property: Id(3)] DateTimeOffset Since,
    [property: Id(4)] bool LoggedIn,
    [property: Id(5)] long Version)
{
    /// <summary>
    /// How often a logged-in agent repeats its presence to its queues (and, when Ready, looks for a call itself). It
    /// bounds how long a queue that lost its view (its silo died, a push was lost) leaves a Ready agent idle beside a
    /// waiting call: one message per agent and queue each time, cheap against a caller waiting for nothing.
    /// </summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    /// <summary>A queue forgets an agent it has not heard of for this long (its grain died with its silo).</summary>
    public static readonly TimeSpan Timeout = 3 * RefreshInterval;
}

/// <summary>
/// A queue live, for supervisors and metrics: waiting calls, the longest wait, the estimated wait for a newcomer, and
/// the agents logged in by state. <see cref="AverageHandleTime"/> is the decaying average of recent handle times (talk
/// and wrap-up), null until the queue has one; <see cref="EstimatedWait"/> is zero until then.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueueStats(
    [property: Id(0)] string QueueId,
    [property: Id(1)] int Waiting,
    [property: Id(2)] TimeSpan LongestWait,
    [property: Id(3)] TimeSpan EstimatedWait,
    [property: Id(4)] IReadOnlyDictionary<AgentStatus, int> AgentsByStatus,
    [property: Id(5)] TimeSpan? AverageHandleTime);
