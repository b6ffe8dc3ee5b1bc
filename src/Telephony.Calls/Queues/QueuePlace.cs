using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Queues;

/// <summary>
/// A waiting call's place in its queue grain. The grain keeps its waiting list in memory only: when the silo that held
/// it dies, the grain comes back elsewhere empty. The waiting call is alive on this node, so this node puts it back,
/// with its original arrival time, and the caller keeps their place.
/// </summary>
internal sealed class QueuePlace(IQueueGrain queue, QueuedCall call, QueuePolicy policy, ILogger logger)
{
    private string QueueId => queue.GetPrimaryKeyString();

    /// <summary>The queue's id of the call: the SIP call's for a live caller, the callback's entry for a callback.</summary>
    public string CallId => call.CallId;

    public Task<QueueJoinResult> JoinAsync() => queue.Join(call, policy);

    /// <summary>
    /// The call's position, after re-joining (same arrival time) if the queue no longer knows it; null when the queue
    /// cannot be reached right now (the next check tries again; the caller keeps hearing the music).
    /// </summary>
    public async Task<QueuePosition?> EnsureQueuedAsync()
    {
        try
        {
            if (await queue.GetPosition(call.CallId) is { } position)
            {
                return position;
            }

            var rejoined = await queue.Join(call, policy);
            logger.LogWarning("Call {CallId}: queue {Queue} had lost the call; re-joined ({Status}) with its arrival time {JoinedAt:O}",
                call.CallId, QueueId, rejoined.Status, call.JoinedAt);
            return rejoined.Position;
        }
        catch (Exception error) when (error is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogWarning(error, "Call {CallId}: queue {Queue} unreachable; will check again", call.CallId, QueueId);
            return null;
        }
    }

    /// <summary>The agent reserved for the call did not take it: the call is offered again, at its place.</summary>
    public async Task ReleaseAsync(string agentId)
    {
        try
        {
            await queue.Release(call.CallId, agentId);
        }
        catch (Exception error) when (error is not OutOfMemoryException and not OperationCanceledException)
        {
            // The claim expires by itself at its deadline: the call is offered again then.
            logger.LogWarning(error, "Call {CallId}: queue {Queue} unreachable to release agent {AgentId}'s claim", call.CallId, QueueId, agentId);
        }
    }

    public async Task LeaveAsync(QueueLeaveReason reason)
    {
        try
        {
            await queue.Leave(call.CallId, reason);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A ghost left in the queue would later be offered to an agent: say so loudly, but still record the call.
            logger.LogError(error, "Call {CallId} could not be removed from queue {Queue}", call.CallId, QueueId);
        }
    }
}
