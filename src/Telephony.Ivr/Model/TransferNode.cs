namespace Telephony.Ivr;

/// <summary>Sends the call to another line (<see cref="Number"/>, normalised); the loader checks that a script of the set answers it.</summary>
public sealed record TransferNode(string Name, string Number) : IvrNode(Name)
{
    internal YamlDotNet.Core.Mark NumberPosition { get; init; }

    internal override IEnumerable<NodeLink> Links => [];

    internal override NodeRun CreateRun() => new TransferRun(this);
}
