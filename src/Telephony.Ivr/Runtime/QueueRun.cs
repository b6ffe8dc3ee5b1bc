namespace Telephony.Ivr;

internal sealed class QueueRun(QueueNode node) : NodeRun
{
    public override void Enter(SessionStep step, char? typeAhead)
    {
        step.Emit(new JoinQueue(node.QueueId, node.Priority));
        step.Finish(IvrOutcome.Queued);
    }

    public override void Handle(SessionStep step, IvrEvent ivrEvent)
    {
        // Never reached: the session is finished as soon as the call joins the queue.
    }
}
