namespace Telephony.Ivr;

/// <summary>The runtime state of the node a call is in. A new one is created each time a call enters a node.</summary>
internal abstract class NodeRun
{
    /// <summary>Starts the node. <paramref name="typeAhead"/> is a key pressed during the previous node's barge-in prompt.</summary>
    public abstract void Enter(SessionStep step, char? typeAhead);

    /// <summary>Reacts to an event; events that make no sense in the current state are stale and ignored.</summary>
    public abstract void Handle(SessionStep step, IvrEvent ivrEvent);

    /// <summary>True while the caller's keys are personal data (see <see cref="IvrSession.ExpectsPersonalDigits"/>).</summary>
    public virtual bool ExpectsPersonalDigits => false;

    /// <summary>How the call counts if the caller hangs up while in this node; most nodes leave the caller unserved.</summary>
    public virtual IvrOutcome OutcomeIfCallerHangsUp(IvrScript script) => IvrOutcome.AbandonedIvr;
}
