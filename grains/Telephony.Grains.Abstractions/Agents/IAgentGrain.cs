using Orleans.Concurrency;

namespace Telephony.Grains.Abstractions;

/// <summary>
/// One agent (keyed by the opaque agent id): its state machine and the one place that decides whether it takes a
/// call. States (<see cref="AgentStatus"/>): LoggedOut, Ready, Reserved, Ringing, OnCall, WrapUp, Paused(reason).
/// Reserved, Ringing and OnCall have an owner call and a deadline (<see cref="AgentDeadlines"/>); a report naming
/// another call is refused, and at the deadline the agent leaves the state whatever failed (Reserved/Ringing: the
/// claim is released and the agent is back to Ready; OnCall: to WrapUp). When a call ends (WrapUp over, or a failed
/// offer) an agent logged out meanwhile is LoggedOut, a paused one Paused.
///
/// Distribution (with <see cref="IQueueGrain"/>): an agent takes work by pulling it. When it becomes Ready (in the same
/// turn), or when a queue asks it (<see cref="OfferWork"/>), the agent goes through its queues by level, best first,
/// and at the best level where a call waits takes the call that has waited longest (<see cref="IQueueGrain.Claim"/>,
/// which also tells the queue the agent's presence), becomes Reserved and tells the call's node
/// (<see cref="IWaitingCallObserver.AgentReserved"/>). The agent grain is not reentrant, so it is never reserved for
/// two calls; a queue's claim is atomic, so a call never rings two agents.
/// The agent keeps the queue told: it removes the call from the queue when answered (<see cref="IQueueGrain.Leave"/>,
/// AnsweredByAgent) or when the caller left while it rang (CallerHungUp), and releases it otherwise
/// (<see cref="IQueueGrain.Release"/>); the node may do the same, both are idempotent.
/// Refused commands carry a code of <see cref="AgentRefusals"/>.
/// </summary>
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Sets the profile (name, SIP username, skills, enabled) from the administration; a disabled agent is logged out.</summary>
    Task<AgentState> Configure(AgentProfile profile);

    Task<AgentState> GetState();

    [AlwaysInterleave]
    Task<AgentProfile?> GetProfile();

    // ---- The agent and supervisors (console, admin API). Refused commands leave the state unchanged. ----

    /// <summary>Logs in to one queue of the agent's skills, or to all of them (null); the agent is then Ready unless paused.</summary>
    Task<AgentCommandResult> LogIn(string? queueId);

    /// <summary>
    /// Logs out of one queue, or of all (null), with the reason (e.g. "agent", "supervisor", "unregistered"). Accepted
    /// in any state: a call in progress goes on, and the agent is LoggedOut when it is over.
    /// </summary>
    Task<AgentCommandResult> LogOut(string? queueId, string reason);

    /// <summary>Paused or in wrap-up to Ready (Ready stays Ready). Refused while Reserved, Ringing or OnCall, or logged out.</summary>
    Task<AgentCommandResult> SetReady();

    /// <summary>Ready, Paused (a new reason) or WrapUp (ending it) to Paused with a reason: any non-empty one (the API checks the configured list).</summary>
    Task<AgentCommandResult> Pause(string reason);

    /// <summary>Ends the wrap-up before its time: the agent is Ready.</summary>
    Task<AgentCommandResult> EndWrapUp();

    /// <summary>From the registrar: the phone registered, or its last registration expired or was removed (then the agent is logged out of every queue, reason "unregistered").</summary>
    Task<AgentState> SetPhoneRegistered(bool registered);

    /// <summary>Pushes every state change to the observer for 10 minutes: a console subscribes again every few minutes.</summary>
    Task Subscribe(IAgentObserver observer);

    Task Unsubscribe(IAgentObserver observer);

    // ---- Distribution ----

    /// <summary>
    /// A queue whose next call is <paramref name="head"/> asks an agent it believes Ready to take work. A Ready agent
    /// pulls from its queues at the asking queue's level or better (see above; the head spares asking the asking queue
    /// for it). Returns the agent's presence for the asking queue once done (Reserved when it took a call from any
    /// queue, still Ready when it found none, not logged in when the queue's view was stale), so the queue's view is
    /// current without waiting for a push.
    /// </summary>
    Task<AgentPresence> OfferWork(string queueId, QueueHead head);

    // ---- The call's node, reporting what happens to the call the agent is reserved for. ----

    /// <summary>The INVITE to the agent's phone is out: Reserved to Ringing, deadline the ring timeout (and a margin).</summary>
    Task<bool> Ringing(string callId);

    /// <summary>The phone answered and the legs are bridged: Ringing (or Reserved, if Ringing was not reported) to OnCall; the call leaves the queue.</summary>
    Task<bool> Answered(string callId);

    /// <summary>The node still carries the call: moves the OnCall deadline on by <see cref="AgentDeadlines.OnCallLease"/> (nodes report every <see cref="AgentDeadlines.StillOnCallInterval"/>).</summary>
    Task<bool> StillOnCall(string callId);

    /// <summary>
    /// The phone did not take the call (Reserved or Ringing): Paused with the failure's reason and the call released to
    /// its queue, or, when the caller left, Ready and the call removed from the queue.
    /// </summary>
    Task<bool> OfferFailed(string callId, AgentOfferFailure failure);

    /// <summary>The call is over (either side hung up): OnCall to WrapUp for the queue's wrap-up time.</summary>
    Task<bool> CallEnded(string callId);
}
