namespace Telephony.Ivr;

/// <summary>Who a queue's callback calls first when its turn comes (<c>callback-order</c> in the queues file).</summary>
public enum CallbackOrder
{
    /// <summary>
    /// An agent is reserved and rings first, sees the callback's context, then the citizen is called with the agent on
    /// the line: no citizen ever answers to wait again, at the cost of the agent's time while the citizen's phone rings.
    /// </summary>
    AgentFirst,

    /// <summary>
    /// The citizen is called when the callback is first in line; on answer they wait, keeping that place, for the next
    /// free agent: no agent's time is spent on ringing or unanswered numbers, at the cost of a short wait for the citizen.
    /// </summary>
    CustomerFirst,
}
