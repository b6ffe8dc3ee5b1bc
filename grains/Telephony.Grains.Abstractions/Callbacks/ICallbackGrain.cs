namespace Telephony.Grains.Abstractions;

/// <summary>
/// One callback (keyed by its id in <c>callback_requests</c>): the owner of its durable Orleans reminder, which fires
/// it at its time and again every reminder period while it is active. The grain holds no state of its own: the
/// record (its state machine, its lease) is the database row, which every transition checks, so a reminder fired
/// twice, on two silos during a failover, or after a restart, makes the callback happen once.
/// </summary>
public interface ICallbackGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the reminder exists and fires at <paramref name="due"/> (now when past), then every period.</summary>
    Task Schedule(DateTimeOffset due);

    /// <summary>Looks at the callback now (as a reminder tick would): starts it on this silo's node when due and free.</summary>
    Task Fire();
}

/// <summary>What became of a callback the reminder fired.</summary>
public enum CallbackFiring
{
    /// <summary>Completed, failed, cancelled or unknown: the reminder is removed.</summary>
    Done,

    /// <summary>Not due yet, outside the calling hours, or held by another node: the reminder stays.</summary>
    Waiting,

    /// <summary>Running on this node now.</summary>
    Running,
}

/// <summary>
/// The node-local side of a callback (implemented by the call layer, which has the media, the SIP UAC and the
/// database): a callback grain's reminder hands the callback to the node its activation runs on.
/// </summary>
public interface ICallbackExecutor
{
    /// <summary>Claims the callback for this node and starts it when it is due; never waits for the callback itself.</summary>
    Task<CallbackFiring> FireAsync(Guid callbackId, CancellationToken cancellationToken);
}
