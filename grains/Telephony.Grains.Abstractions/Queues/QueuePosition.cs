namespace Telephony.Grains.Abstractions;

/// <summary>
/// Where a call stands: 1 is next to be served (calls already being offered to an agent ahead of it are not counted).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueuePosition(
    [property: Id(0)] string QueueId,
    [property: Id(1)] int Position,
    [property: Id(2)] int Waiting)
{
    /// <summary>
    /// The estimated wait at this position: position × the queue's average handle time ÷ the agents serving it
    /// (logged in, not paused); null while the queue has no handle-time history (then the node's fixed
    /// seconds-per-caller estimate applies).
    /// </summary>
    [Id(3)]
    public TimeSpan? EstimatedWait { get; init; }
}
