namespace Telephony.Ivr;

internal sealed class PlayRun(PlayNode node) : NodeRun
{
    public override void Enter(SessionStep step, char? typeAhead) => step.Play(node.Prompt, node.BargeIn);

    public override void Handle(SessionStep step, IvrEvent ivrEvent)
    {
        switch (ivrEvent)
        {
            case PromptFinished finished when finished.PromptId == node.Prompt.Id:
                step.GoTo(node.Next);
                break;
            case DigitPressed digit when node.BargeIn:
                // A caller who knows the menu may type ahead: the key is meant for what follows.
                step.GoTo(node.Next, digit.Digit);
                break;
        }
    }

    /// <summary>
    /// A caller who hangs up during the last message before the IVR hangs up has had the whole answer:
    /// the call ends on this play node, so it counts as the hang-up node would count it (handled by the IVR).
    /// </summary>
    public override IvrOutcome OutcomeIfCallerHangsUp(IvrScript script) =>
        script.GetNode(node.Next) is HangupNode end ? end.Outcome : IvrOutcome.AbandonedIvr;
}
