using Orleans.Concurrency;

namespace Telephony.Grains.Abstractions;

/// <summary>
/// One call-centre queue (e.g. <c>cnav.retraite</c>), keyed by its queue id. Holds call-control state only: which
/// calls wait, in what order (priority, then arrival), which are claimed by an agent, and its view of the agents
/// logged in. Audio never passes through a grain.
///
/// The waiting list lives in memory: a waiting call is a live SIP call on its node, and when this grain's silo dies
/// the grain comes back empty; each waiting call checks its place (<see cref="GetPosition"/>) every few seconds and
/// joins again with its original arrival time. A call whose node stops checking (the node died) is dropped after
/// its lease. Distribution: see <see cref="IAgentGrain"/>.
/// </summary>
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a call (idempotent per call id: a re-join keeps the earlier of the two arrival times), or refuses it when
    /// the queue is full or has no agent and its rule says overflow. Then offers work to the best Ready agent.
    /// </summary>
    Task<QueueJoinResult> Join(QueuedCall call, QueuePolicy policy);

    /// <summary>Removes a call; unknown call ids are ignored so a late hang-up never fails.</summary>
    Task Leave(string callId, QueueLeaveReason reason);

    /// <summary>Where the call stands (and renews its lease); null when the queue does not know it.</summary>
    Task<QueuePosition?> GetPosition(string callId);

    Task<QueueSnapshot> GetSnapshot();

    Task<QueueStats> GetStats();

    // ---- Agents (called by agent grains) ----

    /// <summary>An agent's state changed (or it logged in or out of this queue): the queue's view of its agents.</summary>
    [OneWay]
    Task AgentChanged(AgentPresence presence);

    /// <summary>The oldest unclaimed call, for an agent choosing between its queues; no side effect.</summary>
    [AlwaysInterleave]
    Task<QueueHead?> Peek();

    /// <summary>
    /// Atomically gives the oldest unclaimed call to this agent (claimed until <paramref name="until"/>), or null when
    /// there is none left: a call is never claimed by two agents.
    /// </summary>
    Task<QueuedCall?> Claim(string agentId, DateTimeOffset until);

    /// <summary>The claimed call was not connected (no answer, busy...): it is unclaimed, at its place, and offered again.</summary>
    Task Release(string callId, string agentId);

    /// <summary>A call of this queue was handled for this long (talk and wrap-up): feeds the estimated wait.</summary>
    [OneWay]
    Task RecordHandleTime(TimeSpan handled);
}
