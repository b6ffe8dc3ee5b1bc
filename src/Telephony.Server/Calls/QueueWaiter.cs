using Microsoft.Extensions.Options;
using Telephony.Grains;
using Telephony.Ivr;
using Telephony.Server.Configuration;
using Telephony.Server.Metrics;

namespace Telephony.Server.Calls;

/// <summary>
/// Puts a call in its Orleans queue and keeps the caller company (music on hold) until the call ends.
/// Agent selection and callbacks come later; today a queued call ends when the caller hangs up.
/// </summary>
public sealed class QueueWaiter(
    IGrainFactory grains,
    TelephonyMetrics metrics,
    IOptions<QueueSettings> queueSettings,
    IOptions<IvrSettings> ivrSettings,
    IOptions<MetricsSettings> metricsSettings,
    TimeProvider time,
    ILogger<QueueWaiter> logger) : IQueueWaiter
{
    public async Task<CallResult> WaitAsync(
        ICallChannel channel, IvrScript script, JoinQueue join, IReadOnlyList<string> path, CancellationToken cancel)
    {
        var queue = grains.GetGrain<IQueueGrain>(join.QueueId);
        var joinedAt = time.GetUtcNow();
        var position = await queue.Join(new QueuedCall(channel.CallId, script.Network, CallHandler.LineLabel(script), join.Priority, joinedAt));
        metrics.QueueEntered(script.Network, join.QueueId);
        logger.LogInformation("Call {CallId} joined queue {Queue} at position {Position} of {Waiting}",
            channel.CallId, join.QueueId, position.Position, position.Waiting);
        try
        {
            await channel.PlayLoopAsync(queueSettings.Value.ResolveMusicOnHold(ivrSettings.Value), cancel);
        }
        catch (OperationCanceledException)
        {
            // The caller hung up (or the service is stopping): both end the wait.
        }
        finally
        {
            await LeaveAsync(queue, channel.CallId);
        }

        var waited = time.GetUtcNow() - joinedAt;
        var threshold = TimeSpan.FromSeconds(metricsSettings.Value.ShortAbandonThresholdSeconds);
        var outcome = waited < threshold ? CallOutcome.AbandonedQueueShort : CallOutcome.AbandonedQueue;
        return new CallResult(outcome, [.. path], join.QueueId, joinedAt, "caller_hung_up_in_queue");
    }

    private async Task LeaveAsync(IQueueGrain queue, string callId)
    {
        try
        {
            await queue.Leave(callId, QueueLeaveReason.CallerHungUp);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A ghost left in the queue would later be offered to an agent: say so loudly, but still record the call.
            logger.LogError(error, "Call {CallId} could not be removed from queue {Queue}", callId, queue.GetPrimaryKeyString());
        }
    }
}
