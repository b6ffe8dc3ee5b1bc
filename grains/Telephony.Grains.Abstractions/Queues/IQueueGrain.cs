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
    /// the queue is full or has no agent and its rule says overflow. A call that arrived before this activation of the
    /// queue is a re-join after the queue lost its list: it is never refused (the caller already waited). Then offers
    /// work to the best Ready agent (without awaiting it: Join answers at once). The policy is the queue's from then
    /// on (ring timeout, wrap-up, limits). A join renews the call's lease like <see cref="GetPosition"/>.
    /// </summary>
    Task<QueueJoinResult> Join(QueuedCall call, QueuePolicy policy);

    /// <summary>Removes a call; unknown call ids are ignored so a late hang-up never fails.</summary>
    Task Leave(string callId, QueueLeaveReason reason);

    /// <summary>
    /// Where the call stands (and renews its lease: a waiting call not seen for <see cref="QueueClaim.CallLease"/> is
    /// dropped, its node being gone); null when the queue does not know it.
    /// </summary>
    Task<QueuePosition?> GetPosition(string callId);

    Task<QueueSnapshot> GetSnapshot();

    Task<QueueStats> GetStats();

    // ---- Agents (called by agent grains) ----

    /// <summary>An agent's state changed (or it logged in or out of this queue): the queue's view of its agents.</summary>
    [OneWay]
    Task AgentChanged(AgentPresence presence);

    /// <summary>
    /// The next call to serve (first by priority then arrival, not claimed, not past the policy's maximum wait), for
    /// an agent choosing between its queues; no side effect.
    /// </summary>
    [AlwaysInterleave]
    Task<QueueHead?> Peek();

    /// <summary>
    /// Atomically gives the next call to serve (as <see cref="Peek"/> would name it) to this agent, with the queue's
    /// policy (ring timeout, wrap-up), or null when there is none left: a call is never claimed by two agents.
    /// <paramref name="agent"/> is the agent's presence as it asks (Ready): the queue takes it as a push, with the
    /// agent Reserved when it got a call, so an agent pulling work needs no separate push to this queue.
    /// <paramref name="until"/> is the agent's reservation deadline; the claim lasts until then plus the ring timeout
    /// and <see cref="QueueClaim.Grace"/> (the agent may ring that long after its reservation), after which a claim
    /// neither released nor ended by a leave is unclaimed (the agent's grain died) and the call is offered again.
    /// </summary>
    Task<QueueClaim?> Claim(AgentPresence agent, DateTimeOffset until);

    /// <summary>
    /// The claimed call was not connected (no answer, busy...): it is unclaimed, at its place (so at the head, with its
    /// arrival time), and offered again. Ignored unless <paramref name="agentId"/> holds the claim.
    /// </summary>
    Task Release(string callId, string agentId);

    /// <summary>A call of this queue was handled for this long (talk and wrap-up): feeds the estimated wait.</summary>
    [OneWay]
    Task RecordHandleTime(TimeSpan handled);
}
