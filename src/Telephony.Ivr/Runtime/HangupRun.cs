namespace Telephony.Ivr;

internal sealed class HangupRun(HangupNode node) : NodeRun
{
    public override void Enter(SessionStep step, char? typeAhead)
    {
        step.Emit(new HangUp(node.Outcome));
        step.Finish(node.Outcome);
    }

    public override void Handle(SessionStep step, IvrEvent ivrEvent)
    {
        // Never reached: the session is finished as soon as it hangs up.
    }
}
