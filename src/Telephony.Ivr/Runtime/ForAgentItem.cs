namespace Telephony.Ivr;

/// <summary>
/// Something the caller keyed that the script offers to the agent (a <c>collect</c> node's <c>for-agent</c>): the
/// label as the script names it ("Numéro fiscal") and the valid digits. Personal data: show it to the agent who takes
/// the call, and nowhere else. <see cref="ToString"/> is masked so that logging it never prints the value.
/// </summary>
public sealed record ForAgentItem(string Label, string Value)
{
    public override string ToString() => $"ForAgentItem {{ {Label}: {Value.Length} digits, masked }}";
}
