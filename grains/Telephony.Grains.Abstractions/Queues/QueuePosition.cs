namespace Telephony.Grains.Abstractions;

/// <summary>Where a call stands: 1 is next to be served.</summary>
[GenerateSerializer, Immutable]
public sealed record QueuePosition(
    [property: Id(0)] string QueueId,
    [property: Id(1)] int Position,
    [property: Id(2)] int Waiting);
