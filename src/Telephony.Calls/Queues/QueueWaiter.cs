using Microsoft.Extensions.Options;
using Telephony.Calls.Callers;
using Telephony.Calls.Channels;
using Telephony.Calls.Configuration;
using Telephony.Calls.Conversations;
using Telephony.Calls.Metrics;
using Telephony.Grains.Abstractions;
using Telephony.Ivr;

namespace Telephony.Calls.Queues;

/// <summary>
/// Puts a call in its Orleans queue and keeps the caller company until an agent answers, the call ends or the
/// queue's maximum wait is reached: music on hold, position and wait announcements when the line's script asks for
/// them, and the agent phones the queue's agents' grains reserve for the call (<see cref="QueueWaitLoop"/>).
/// </summary>
public sealed class QueueWaiter(
    IGrainFactory grains,
    IAgentDialer dialer,
    CallerHistory callers,
    TelephonyMetrics metrics,
    IOptions<QueueSettings> queueSettings,
    IOptions<IvrSettings> ivrSettings,
    IOptions<MetricsSettings> metricsSettings,
    TimeProvider time,
    ILogger<QueueWaiter> logger) : IQueueWaiter
{
    public async Task<QueueWaitResult> WaitAsync(
        ICallChannel channel,
        IvrScript script,
        JoinQueue join,
        Func<IvrEvent, IReadOnlyList<IvrAction>>? ivr,
        WaitingCaller caller,
        CancellationToken cancel)
    {
        var joinedAt = time.GetUtcNow();
        if (!await callers.TryStartWaitingAsync(channel.CallerNumber, script.LineLabel, channel.CallId))
        {
            logger.LogInformation("Call {CallId}: another call from the same number already waits on line {Line}", channel.CallId, script.LineLabel);
            return new QueueWaitResult(null, false, join.QueueId, joinedAt) { AlreadyWaiting = true };
        }

        var observer = new WaitingCallObserver();
        var node = grains.CreateObjectReference<IWaitingCallObserver>(observer);
        try
        {
            var recentCalls = await callers.RecentCallsAsync(channel.CallerNumber, script.LineLabel);
            // The queue first, then the queues it overflows to when it refuses the call (full, or nobody to answer).
            QueueJoinStatus? refused = null;
            foreach (var queue in QueueChain(script, join.QueueId))
            {
                var context = new AgentCallContext(
                    script.Network, script.LineLabel, queue.Id, queue.Name, joinedAt, caller.ChoicesInWords, caller.ForAgent, recentCalls);
                var place = new QueuePlace(
                    grains.GetGrain<IQueueGrain>(queue.Id),
                    new QueuedCall(channel.CallId, script.Network, script.LineLabel, join.Priority, joinedAt) { Node = node, Context = context },
                    PolicyOf(queue, script.Queues.Version),
                    logger);
                var joined = await place.JoinAsync();
                if (!joined.Joined)
                {
                    logger.LogInformation("Call {CallId}: queue {Queue} refused the call ({Status})", channel.CallId, queue.Id, joined.Status);
                    refused = joined.Status;
                    continue;
                }

                metrics.QueueEntered(script.Network, queue.Id);
                logger.LogInformation("Call {CallId} joined queue {Queue} at position {Position} of {Waiting}",
                    channel.CallId, queue.Id, joined.Position?.Position, joined.Position?.Waiting);
                var loop = new QueueWaitLoop(channel, place, observer.Reservations, dialer, Plan(channel, place, join, queue, ivr), time, logger);
                return await WaitInQueueAsync(channel, place, loop, queue.Id, joinedAt, caller.Path, cancel);
            }

            return new QueueWaitResult(null, false, join.QueueId, joinedAt) { Refused = refused ?? QueueJoinStatus.Full };
        }
        finally
        {
            grains.DeleteObjectReference<IWaitingCallObserver>(node);
            await callers.StopWaitingAsync(channel.CallerNumber, script.LineLabel, channel.CallId);
        }
    }

    /// <summary>The queue and its overflow chain; a queue the queues file does not describe gets the defaults.</summary>
    private static IReadOnlyList<QueueDefinition> QueueChain(IvrScript script, string queueId) =>
        script.Queues.OverflowChain(queueId) is { Count: > 0 } chain ? chain : [new QueueDefinition(queueId, queueId, script.Network)];

    /// <summary>The queue grain's policy, from the definition the call's script version was loaded with.</summary>
    internal static QueuePolicy PolicyOf(QueueDefinition queue, string version) => new(
        queue.Id,
        queue.Name,
        queue.MaxWaiting,
        queue.MaxWait,
        queue.WhenNoAgent == QueueNoAgentRule.Overflow ? NoAgentRule.Overflow : NoAgentRule.Wait,
        queue.RingTimeout,
        queue.WrapUp,
        queue.AnnouncementInterval,
        queue.OverflowQueueId,
        version);

    private async Task<QueueWaitResult> WaitInQueueAsync(
        ICallChannel channel, QueuePlace place, QueueWaitLoop loop, string queueId, DateTimeOffset joinedAt, IReadOnlyList<string> path, CancellationToken cancel)
    {
        var reason = QueueLeaveReason.CallerHungUp;
        try
        {
            if (await loop.RunAsync(cancel) is { } connected)
            {
                reason = QueueLeaveReason.AnsweredByAgent;
                return new QueueWaitResult(null, false, queueId, joinedAt) { Connected = connected, RingAttempts = loop.RingAttempts };
            }

            reason = QueueLeaveReason.MaxWaitReached;
            logger.LogInformation("Call {CallId} reached the maximum wait of queue {Queue}", channel.CallId, queueId);
            return new QueueWaitResult(null, MaxWaitReached: true, queueId, joinedAt) { RingAttempts = loop.RingAttempts };
        }
        catch (OperationCanceledException)
        {
            // The caller hung up (or the service is stopping or cutting the call): all end the wait.
        }
        finally
        {
            await place.LeaveAsync(reason);
        }

        return await EndedAsync(channel, queueId, joinedAt, path) with { RingAttempts = loop.RingAttempts };
    }

    /// <summary>How a wait cut short is recorded: a dead line or a stopping service is dropped, a caller who left abandoned.</summary>
    private async Task<QueueWaitResult> EndedAsync(ICallChannel channel, string queueId, DateTimeOffset joinedAt, IReadOnlyList<string> path)
    {
        if (channel.DropReason is { } dropped)
        {
            return new QueueWaitResult(new CallResult(CallOutcome.Dropped, [.. path], queueId, joinedAt, dropped), false, queueId, joinedAt);
        }

        if (!channel.Ended.IsCancellationRequested)
        {
            // Not the caller: the service is stopping. Say goodbye on the line and do not count an abandon.
            await channel.HangUpAsync();
            return new QueueWaitResult(new CallResult(CallOutcome.Dropped, [.. path], queueId, joinedAt, "service_stopping"), false, queueId, joinedAt);
        }

        var waited = time.GetUtcNow() - joinedAt;
        var threshold = TimeSpan.FromSeconds(metricsSettings.Value.ShortAbandonThresholdSeconds);
        var outcome = waited < threshold ? CallOutcome.AbandonedQueueShort : CallOutcome.AbandonedQueue;
        return new QueueWaitResult(new CallResult(outcome, [.. path], queueId, joinedAt, "caller_hung_up_in_queue"), false, queueId, joinedAt);
    }

    private QueueWaitPlan Plan(
        ICallChannel channel, QueuePlace place, JoinQueue join, QueueDefinition queue, Func<IvrEvent, IReadOnlyList<IvrAction>>? ivr)
    {
        var announces = ivr is not null && join.Announces;
        return new QueueWaitPlan(
            queue.Name,
            queueSettings.Value.ResolveMusicOnHold(ivrSettings.Value),
            queue.MaxWait,
            announces ? queue.AnnouncementInterval : null,
            queueSettings.Value.PresenceCheckInterval,
            announces ? c => AnnounceAsync(channel, place, ivr!, c) : null);
    }

    private async Task AnnounceAsync(ICallChannel channel, QueuePlace place, Func<IvrEvent, IReadOnlyList<IvrAction>> ivr, CancellationToken cancel)
    {
        if (await place.EnsureQueuedAsync() is not { } position)
        {
            return;
        }

        var estimate = TimeSpan.FromSeconds(position.Position * queueSettings.Value.EstimatedSecondsPerCaller);
        foreach (var action in ivr(new QueueStatus(position.Position, estimate)))
        {
            if (action is PlayAnnouncement announcement)
            {
                logger.LogDebug("Call {CallId}: announcing \"{Text}\"", channel.CallId, announcement.Text);
                foreach (var file in announcement.FilePaths)
                {
                    await channel.PlayAsync(file, cancel);
                }
            }
        }
    }
}
