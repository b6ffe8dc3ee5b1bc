namespace Telephony.Ivr;

/// <summary>Takes the open or closed branch, as <see cref="LineOpening"/> decides: operator overrides first, then <c>Ivr:ForceOpen</c>, then the opening hours.</summary>
internal sealed class HoursRun(HoursNode node) : NodeRun
{
    public override void Enter(SessionStep step, char? typeAhead)
    {
        var lineOverride = LineOpening.OverrideAt(step.Script, step.Options, step.Now);
        if (lineOverride?.Kind == LineOverrideKind.ForcedClosed)
        {
            step.Emit(new LineClosedByOperator(lineOverride.Message, lineOverride.Until));
            step.MarkLineClosed();
            step.GoTo(node.OnForcedClosed ?? node.Closed);
            return;
        }

        if (LineOpening.IsOpen(step.Script, step.Options, step.Now, lineOverride))
        {
            step.GoTo(node.Open, typeAhead);
        }
        else
        {
            step.MarkLineClosed();
            step.GoTo(node.Closed);
        }
    }

    public override void Handle(SessionStep step, IvrEvent ivrEvent)
    {
        // Never reached: an hours node moves on as soon as it is entered.
    }
}
