using Microsoft.Extensions.Options;
using Telephony.Calls.Channels;
using Telephony.Calls.Configuration;
using Telephony.Calls.Metrics;
using Telephony.Grains.Abstractions;
using Telephony.Ivr;

namespace Telephony.Calls.Queues;

/// <summary>
/// Puts a call in its Orleans queue and keeps the caller company until the call ends: music on hold, position and
/// wait announcements when the line's script asks for them, and the queue's maximum wait. Agent selection comes
/// with the agent work; today a queued call ends when the caller hangs up or the maximum wait is reached.
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
    public async Task<QueueWaitResult> WaitAsync(
        ICallChannel channel,
        IvrScript script,
        JoinQueue join,
        Func<IvrEvent, IReadOnlyList<IvrAction>>? ivr,
        IReadOnlyList<string> path,
        CancellationToken cancel)
    {
        var joinedAt = time.GetUtcNow();
        var place = new QueuePlace(
            grains.GetGrain<IQueueGrain>(join.QueueId),
            new QueuedCall(channel.CallId, script.Network, script.LineLabel, join.Priority, joinedAt),
            QueuePolicy.Default(join.QueueId),
            logger);
        var position = (await place.JoinAsync()).Position!;
        metrics.QueueEntered(script.Network, join.QueueId);
        logger.LogInformation("Call {CallId} joined queue {Queue} at position {Position} of {Waiting}",
            channel.CallId, join.QueueId, position.Position, position.Waiting);

        var reason = QueueLeaveReason.CallerHungUp;
        try
        {
            if (await WaitUntilMaxWaitAsync(channel, place, join, script.Queues.Find(join.QueueId), ivr, cancel))
            {
                reason = QueueLeaveReason.MaxWaitReached;
                logger.LogInformation("Call {CallId} reached the maximum wait of queue {Queue}", channel.CallId, join.QueueId);
                return new QueueWaitResult(null, MaxWaitReached: true, join.QueueId, joinedAt);
            }
        }
        catch (OperationCanceledException)
        {
            // The caller hung up (or the service is stopping): both end the wait.
        }
        finally
        {
            await place.LeaveAsync(reason);
        }

        if (channel.DropReason is { } dropped)
        {
            // A dead line: the service ended the call, the caller did not abandon.
            return new QueueWaitResult(new CallResult(CallOutcome.Dropped, [.. path], join.QueueId, joinedAt, dropped), false, join.QueueId, joinedAt);
        }

        if (!channel.Ended.IsCancellationRequested)
        {
            // Not the caller: the service is stopping. Say goodbye on the line and do not count an abandon.
            await channel.HangUpAsync();
            return new QueueWaitResult(new CallResult(CallOutcome.Dropped, [.. path], join.QueueId, joinedAt, "service_stopping"), false, join.QueueId, joinedAt);
        }

        var waited = time.GetUtcNow() - joinedAt;
        var threshold = TimeSpan.FromSeconds(metricsSettings.Value.ShortAbandonThresholdSeconds);
        var outcome = waited < threshold ? CallOutcome.AbandonedQueueShort : CallOutcome.AbandonedQueue;
        return new QueueWaitResult(new CallResult(outcome, [.. path], join.QueueId, joinedAt, "caller_hung_up_in_queue"), false, join.QueueId, joinedAt);
    }

    /// <summary>
    /// Plays music on hold, interrupted by announcements, and makes sure every few seconds that the queue still holds
    /// the call (a queue whose silo died comes back empty: the call re-joins with its arrival time). Returns true when
    /// the maximum wait is reached.
    /// </summary>
    private async Task<bool> WaitUntilMaxWaitAsync(
        ICallChannel channel, QueuePlace place, JoinQueue join, QueueDefinition? queue, Func<IvrEvent, IReadOnlyList<IvrAction>>? ivr, CancellationToken cancel)
    {
        var musicOnHold = queueSettings.Value.ResolveMusicOnHold(ivrSettings.Value);
        var start = time.GetUtcNow();
        var deadline = queue?.MaxWait is { } maxWait ? start + maxWait : DateTimeOffset.MaxValue;
        var interval = ivr is null || !join.Announces ? null : queue?.AnnouncementInterval;
        var nextAnnouncement = interval is { } first ? start + first : DateTimeOffset.MaxValue;
        var checkEvery = queueSettings.Value.PresenceCheckInterval;
        while (true)
        {
            // The music plays on across presence checks; only an announcement interrupts it.
            using (var music = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                var playing = channel.PlayLoopAsync(musicOnHold, music.Token);
                try
                {
                    while (true)
                    {
                        var now = time.GetUtcNow();
                        if (now >= deadline || now >= nextAnnouncement)
                        {
                            break;
                        }

                        var nextCheck = now + checkEvery;
                        await Task.Delay(Min(deadline, Min(nextAnnouncement, nextCheck)) - now, time, cancel);
                        if (time.GetUtcNow() >= nextCheck)
                        {
                            await place.EnsureQueuedAsync();
                        }
                    }
                }
                finally
                {
                    await music.CancelAsync();
                    await IgnoreCancellation(playing);
                }
            }

            if (time.GetUtcNow() >= deadline)
            {
                return true;
            }

            await AnnounceAsync(channel, place, ivr!, cancel);
            nextAnnouncement = time.GetUtcNow() + interval!.Value;
        }
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

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // The music stops because we stopped it.
        }
    }
}
