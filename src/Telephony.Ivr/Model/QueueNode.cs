namespace Telephony.Ivr;

/// <summary>Hands the call to an agent queue. The IVR's part ends there; the queue decides the call's final outcome.</summary>
public sealed record QueueNode(string Name, string QueueId, int Priority) : IvrNode(Name)
{
    internal override IEnumerable<NodeLink> Links => [];

    internal override NodeRun CreateRun() => new QueueRun(this);
}
