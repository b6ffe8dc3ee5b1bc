namespace Telephony.Grains.Abstractions;

/// <summary>The queue as an operator or a test sees it, in service order (claimed calls included).</summary>
[GenerateSerializer, Immutable]
public sealed record QueueSnapshot(
    [property: Id(0)] string QueueId,
    [property: Id(1)] IReadOnlyList<QueuedCall> Waiting,
    [property: Id(2)] long TotalJoined,
    [property: Id(3)] IReadOnlyDictionary<QueueLeaveReason, long> TotalLeft);
