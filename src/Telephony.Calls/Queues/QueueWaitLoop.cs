using System.Threading.Channels;
using Telephony.Calls.Channels;
using Telephony.Calls.Conversations;
using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Queues;

/// <summary>
/// One caller's time in a queue, on the node that holds their media: music on hold, interrupted only by
/// announcements; a presence check every few seconds (the queue re-learns a call it lost); and, when an agent grain
/// reserves an agent for the call, ringing that agent's phone while the music plays on. Ends when an agent answers,
/// when the maximum wait is reached, or by cancellation (the caller hung up, the service decided to end the call).
/// </summary>
internal sealed class QueueWaitLoop(
    ICallChannel channel,
    QueuePlace place,
    ChannelReader<AgentReservation> reservations,
    IAgentDialer dialer,
    QueueWaitPlan plan,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Agent phones rung so far (answered or not).</summary>
    public int RingAttempts { get; private set; }

    /// <summary>The agent who answered, or null when the maximum wait was reached.</summary>
    public async Task<AgentConnection?> RunAsync(CancellationToken cancel)
    {
        var start = time.GetUtcNow();
        var deadline = plan.MaxWait is { } maxWait ? start + maxWait : DateTimeOffset.MaxValue;
        var nextAnnouncement = plan.AnnouncementInterval is { } first ? start + first : DateTimeOffset.MaxValue;
        while (true)
        {
            // The music plays on across presence checks and while an agent's phone rings; only an announcement or
            // the agent's answer stops it.
            AgentConnection? connected;
            using (var music = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                var playing = channel.PlayLoopAsync(plan.MusicOnHold, music.Token);
                try
                {
                    connected = await WaitForEventAsync(deadline, nextAnnouncement, cancel);
                }
                finally
                {
                    await music.CancelAsync();
                    await IgnoreCancellation(playing);
                }
            }

            if (connected is not null)
            {
                return connected;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return null;
            }

            await plan.AnnounceAsync!(cancel);
            nextAnnouncement = time.GetUtcNow() + plan.AnnouncementInterval!.Value;
        }
    }

    /// <summary>Waits (music playing) until the deadline, the next announcement, or an agent answering.</summary>
    private async Task<AgentConnection?> WaitForEventAsync(DateTimeOffset deadline, DateTimeOffset nextAnnouncement, CancellationToken cancel)
    {
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            var now = time.GetUtcNow();
            if (now >= deadline || now >= nextAnnouncement)
            {
                return null;
            }

            if (reservations.TryRead(out var reservation))
            {
                if (await RingAsync(reservation, cancel) is { } connected)
                {
                    return connected;
                }

                continue;
            }

            var nextCheck = now + plan.PresenceCheckInterval;
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var reservationArrived = reservations.WaitToReadAsync(wake.Token).AsTask();
            var timeUp = Task.Delay(Min(deadline, Min(nextAnnouncement, nextCheck)) - now, time, wake.Token);
            await Task.WhenAny(reservationArrived, timeUp);
            await wake.CancelAsync();
            await IgnoreCancellation(reservationArrived);
            await IgnoreCancellation(timeUp);
            cancel.ThrowIfCancellationRequested();
            if (time.GetUtcNow() >= nextCheck)
            {
                await place.EnsureQueuedAsync();
                await plan.StillWaitingAsync(cancel);
            }
        }
    }

    private async Task<AgentConnection?> RingAsync(AgentReservation reservation, CancellationToken cancel)
    {
        if (reservation.CallId != place.CallId)
        {
            logger.LogWarning("Call {CallId}: reservation for another call {Other} ignored", channel.CallId, reservation.CallId);
            return null;
        }

        RingAttempts++;
        logger.LogInformation("Call {CallId}: ringing agent {AgentId} (attempt {Attempt})", channel.CallId, reservation.AgentId, RingAttempts);
        var dial = await dialer.DialAsync(reservation, plan.QueueName, cancel);
        if (dial.Leg is { } leg)
        {
            return new AgentConnection(leg, time.GetUtcNow(), RingAttempts);
        }

        if (dial.Failure != AgentOfferFailure.CallerLeft)
        {
            // The caller goes on waiting at their place; the queue offers the call to its next agent.
            await place.ReleaseAsync(reservation.AgentId);
        }

        return null;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>
    /// Awaits a task we cancelled ourselves without throwing for it: every wake-up of every waiting call (a presence
    /// check, a reservation) cancels the other side of its wait, and a thrown exception per call and wake-up allocates
    /// a stack trace each time (collections stop every call's media). Faults still propagate.
    /// </summary>
    private static async Task IgnoreCancellation(Task task)
    {
        await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (task.IsFaulted)
        {
            await task;
        }
    }
}

/// <summary>
/// What a wait needs to know from the queue's policy and the IVR: music, limits, announcements, and what to renew at
/// each presence check (the caller's "already waiting" mark, which lapses when not renewed).
/// </summary>
internal sealed record QueueWaitPlan(
    string QueueName,
    string MusicOnHold,
    TimeSpan? MaxWait,
    TimeSpan? AnnouncementInterval,
    TimeSpan PresenceCheckInterval,
    Func<CancellationToken, Task>? AnnounceAsync,
    Func<CancellationToken, Task> StillWaitingAsync);
