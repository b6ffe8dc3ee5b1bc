namespace Telephony.Ivr;

/// <summary>Takes the open or closed branch, operator overrides first, then <c>Ivr:ForceOpen</c>, then the opening hours.</summary>
internal sealed class HoursRun(HoursNode node) : NodeRun
{
    public override void Enter(SessionStep step, char? typeAhead)
    {
        var lineOverride = step.Options.Overrides.Get(step.Script.Name);
        if (lineOverride is not null && !lineOverride.AppliesAt(step.Now))
        {
            lineOverride = null;
        }

        if (lineOverride?.Kind == LineOverrideKind.ForcedClosed)
        {
            step.Emit(new LineClosedByOperator(lineOverride.Message, lineOverride.Until));
            step.MarkLineClosed();
            step.GoTo(node.OnForcedClosed ?? node.Closed);
            return;
        }

        var open = lineOverride?.Kind == LineOverrideKind.ForcedOpen
            || step.Options.ForceOpen
            || step.Script.OpeningHours?.IsOpen(step.Now) == true;
        if (open)
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
