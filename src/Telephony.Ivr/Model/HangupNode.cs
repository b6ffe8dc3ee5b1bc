namespace Telephony.Ivr;

/// <summary>Ends the call, recording <see cref="Outcome"/> (handled by the IVR unless the script says otherwise).</summary>
public sealed record HangupNode(string Name, IvrOutcome Outcome) : IvrNode(Name)
{
    internal override IEnumerable<NodeLink> Links => [];

    internal override NodeRun CreateRun() => new HangupRun(this);
}
