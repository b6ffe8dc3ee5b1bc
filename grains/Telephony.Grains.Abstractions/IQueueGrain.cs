namespace Telephony.Grains.Abstractions;

/// <summary>
/// One call-centre queue (e.g. <c>cnav.retraite</c>), keyed by its queue id.
/// Holds call-control state only: which calls wait, in what order. Audio never passes through a grain.
/// </summary>
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>Adds a call to the queue; joining twice with the same call id is idempotent.</summary>
    Task<QueuePosition> Join(QueuedCall call);

    /// <summary>Removes a call; unknown call ids are ignored so a late hang-up never fails.</summary>
    Task Leave(string callId, QueueLeaveReason reason);

    Task<QueuePosition?> GetPosition(string callId);

    Task<QueueSnapshot> GetSnapshot();
}
