namespace Telephony.Grains.Abstractions;

/// <summary>The queue as an operator or a test sees it, in service order (claimed calls included).</summary>
[GenerateSerializer, Immutable]
public sealed record QueueSnapshot(
    [property: Id(0)] string QueueId,
    [property: Id(1)] IReadOnlyList<QueuedCall> Waiting,
    [property: Id(2)] long TotalJoined,
    [property: Id(3)] IReadOnlyDictionary<QueueLeaveReason, long> TotalLeft)
{
    /// <summary>The calls of <see cref="Waiting"/> claimed by an agent (reserved or ringing): call id to agent id.</summary>
    [Id(4)]
    public IReadOnlyDictionary<string, string> Claims { get; init; } = new Dictionary<string, string>();
}
