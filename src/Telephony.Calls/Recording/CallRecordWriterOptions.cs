using Telephony.Storage;

namespace Telephony.Calls.Recording;

/// <summary>How a wait for a write to be durable ended.</summary>
public enum DurableWait
{
    /// <summary>Committed to the database or synced to the buffer file.</summary>
    Durable,

    /// <summary>Not durable within the bound; still queued.</summary>
    Late,

    /// <summary>Lost (logged and counted by the writer).</summary>
    Lost,

    /// <summary>Queued, not awaited: the bound is zero.</summary>
    NotAwaited,
}

/// <summary>A write in the queue, and who waits for it to be durable (none for most).</summary>
internal readonly record struct QueuedWrite(CallRecordWrite Write, TaskCompletionSource<bool>? Durable);

/// <summary>The writer's pace; the defaults suit a server, tests shorten them.</summary>
public sealed record CallRecordWriterOptions
{
    /// <summary>Writes per database transaction: amortises a commit over a burst of calls.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>How long one batch may take before the database counts as unreachable.</summary>
    public TimeSpan DatabaseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two replay attempts: after an outage, records reach the database within this.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a call's answer waits for its open row to be durable (<c>Storage:OpenRecordTimeoutMs</c>); zero: it
    /// does not wait, and a node killed within a batch of the answer may lose that call's record.
    /// </summary>
    public TimeSpan OpenRecordTimeout { get; init; } = TimeSpan.FromMilliseconds(StorageOptions.DefaultOpenRecordTimeoutMs);
}
