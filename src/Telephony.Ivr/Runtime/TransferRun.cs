namespace Telephony.Ivr;

internal sealed class TransferRun(TransferNode node) : NodeRun
{
    public override void Enter(SessionStep step, char? typeAhead)
    {
        step.Emit(new TransferToLine(node.Number));
        step.Finish(IvrOutcome.Transferred);
    }

    public override void Handle(SessionStep step, IvrEvent ivrEvent)
    {
        // Never reached: the session is finished as soon as the call is transferred.
    }
}
