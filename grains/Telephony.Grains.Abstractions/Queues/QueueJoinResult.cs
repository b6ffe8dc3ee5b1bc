namespace Telephony.Grains.Abstractions;

/// <summary>How a join went: joined at a position, or refused (the caller overflows: overflow queue or on-full branch).</summary>
[GenerateSerializer, Immutable]
public sealed record QueueJoinResult(
    [property: Id(0)] QueueJoinStatus Status,
    [property: Id(1)] QueuePosition? Position)
{
    public bool Joined => Status == QueueJoinStatus.Joined;
}

public enum QueueJoinStatus
{
    Joined,

    /// <summary>The queue holds its maximum of waiting calls.</summary>
    Full,

    /// <summary>No agent is logged in and the queue's rule says overflow at once.</summary>
    NoAgent,
}
