namespace Telephony.Grains.Abstractions;

/// <summary>
/// How a queue behaves, from the queues file of the IVR script set (<c>ivr-scripts/queues.yaml</c>): every node sends
/// it with each join, so a queue grain that comes back after its silo died knows it again at the next join.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueuePolicy(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string Name,
    [property: Id(2)] int? MaxWaiting,
    [property: Id(3)] TimeSpan? MaxWait,
    [property: Id(4)] NoAgentRule WhenNoAgent,
    [property: Id(5)] TimeSpan RingTimeout,
    [property: Id(6)] TimeSpan WrapUp,
    [property: Id(7)] TimeSpan? AnnouncementInterval,
    [property: Id(8)] string? OverflowQueueId,
    [property: Id(9)] string Version)
{
    public static readonly TimeSpan DefaultRingTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan DefaultWrapUp = TimeSpan.FromSeconds(30);

    /// <summary>The defaults of a queue the file does not describe: unlimited, wait for an agent, 20 s ring, 30 s wrap-up.</summary>
    public static QueuePolicy Default(string queueId) =>
        new(queueId, queueId, null, null, NoAgentRule.Wait, DefaultRingTimeout, DefaultWrapUp, null, null, "default");
}

/// <summary>What a call joining a queue with no agent logged in does.</summary>
public enum NoAgentRule
{
    /// <summary>Join and wait (agents may log in; the maximum wait still applies).</summary>
    Wait,

    /// <summary>Do not join: overflow at once (the overflow queue, else the IVR's on-full branch).</summary>
    Overflow,
}
