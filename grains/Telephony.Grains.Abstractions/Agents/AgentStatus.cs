namespace Telephony.Grains.Abstractions;

/// <summary>
/// Where an agent stands. Reserved, Ringing and OnCall always have an owner (a call) and a deadline: whatever fails,
/// the agent leaves them by the deadline. WrapUp has a deadline too (the queue's wrap-up time).
/// </summary>
public enum AgentStatus
{
    /// <summary>In no queue: receives no call.</summary>
    LoggedOut,

    /// <summary>Logged in to at least one queue, phone registered, waiting for a call.</summary>
    Ready,

    /// <summary>Chosen for a call whose node is about to ring the agent's phone.</summary>
    Reserved,

    /// <summary>The agent's phone rings for the call.</summary>
    Ringing,

    /// <summary>Talking with the caller.</summary>
    OnCall,

    /// <summary>After a call, for the queue's wrap-up time (or until the agent ends it from the console).</summary>
    WrapUp,

    /// <summary>Logged in but taking no call, with a reason: a break from the configured list, or what the service decided (no_answer, busy, unreachable, incompatible_phone).</summary>
    Paused,
}
