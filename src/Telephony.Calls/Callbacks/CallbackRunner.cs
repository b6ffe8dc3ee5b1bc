using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Telephony.Calls.Configuration;
using Telephony.Calls.Conversations;
using Telephony.Calls.Queues;
using Telephony.Grains.Abstractions;
using Telephony.Ivr;
using Telephony.Storage;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// Runs one callback this node claimed, agent first: it joins its queue as an entry with its place (the caller's
/// original arrival, an appointment's slot start and a better priority), so it is served in fair order with the live
/// callers; when an agent is reserved for it, the agent's phone rings (the console shows the callback's context), and
/// on the agent's answer the citizen is called through the trunk (<see cref="CallbackAttempt"/>). Meanwhile the lease
/// is renewed and the queue place checked, as a live caller's node does.
/// </summary>
public sealed partial class CallbackRunner(
    CallbackRequestRepository requests,
    IGrainFactory grains,
    IAgentDialer dialer,
    CallbackAttempt attempt,
    ILineScripts scripts,
    NodeIdentity node,
    IOptions<CallbackSettings> settings,
    IOptions<QueueSettings> queueSettings,
    IOptions<IvrSettings> ivrSettings,
    TimeProvider time,
    ILogger<CallbackRunner> logger)
{
    /// <summary>Appointments go ahead of live callers and ASAP callbacks of their queue (lower is served first).</summary>
    public const int AppointmentPriority = -1;

    private readonly ConcurrentDictionary<Guid, (string Network, string Line)> _held = new();
    private readonly CallingHours _hours = settings.Value.ParseCallingHours();

    /// <summary>Callbacks this node holds now, by network and line (the pending gauge's part of this node).</summary>
    public IReadOnlyDictionary<(string Network, string Line), long> Held =>
        _held.Values.GroupBy(v => v).ToDictionary(g => g.Key, g => (long)g.Count());

    /// <summary>The queue's id of a callback's entry: never the citizen's number.</summary>
    public static string QueueCallId(Guid callbackId) => $"callback-{callbackId:N}";

    public async Task RunAsync(CallbackRequest callback, CancellationToken stopping)
    {
        _held[callback.Id] = (callback.Network, callback.Line);
        try
        {
            await RunHeldAsync(callback, stopping);
        }
        finally
        {
            _held.TryRemove(callback.Id, out _);
        }
    }

    private async Task RunHeldAsync(CallbackRequest callback, CancellationToken stopping)
    {
        var set = scripts.Current;
        var script = set.Scripts.FirstOrDefault(s => s.LineLabel == callback.Line);
        var queue = set.Queues.Find(callback.QueueId) ?? new QueueDefinition(callback.QueueId, callback.QueueId, callback.Network);
        if (script is null)
        {
            logger.LogError("Callback {CallbackId}: line {Line} has no script any more; given back for later", callback.Id, callback.Line);
            await GiveBackAsync(callback, time.GetUtcNow() + settings.Value.RetryDelay);
            return;
        }

        if (callback.Status == CallbackStates.Dialling)
        {
            // Its node died while the citizen's phone rang: that attempt is lost, and counted.
            await AfterFailedAttemptAsync(callback, CallbackAttemptResult.Error, script, null);
            return;
        }

        var observer = new WaitingCallObserver();
        var reference = grains.CreateObjectReference<IWaitingCallObserver>(observer);
        var priority = callback.Kind == CallbackKinds.Appointment ? AppointmentPriority : 0;
        var customerFirst = queue.CallbackOrder == CallbackOrder.CustomerFirst;
        var entry = new QueuedCall(QueueCallId(callback.Id), callback.Network, callback.Line, priority, callback.QueuedAt)
        {
            Node = reference,
            Context = CallbackContext.For(callback, queue.Name),
            IsCallback = true,
            AwaitingCitizen = customerFirst,
        };
        var place = new QueuePlace(grains.GetGrain<IQueueGrain>(queue.Id), entry, QueueWaiter.PolicyOf(queue, set.Queues.Version), logger);
        try
        {
            var joined = await place.JoinAsync();
            if (!joined.Joined)
            {
                logger.LogInformation("Callback {CallbackId}: queue {Queue} refused it ({Status}); trying again later", callback.Id, queue.Id, joined.Status);
                await GiveBackAsync(callback, time.GetUtcNow() + settings.Value.RetryDelay);
                return;
            }

            logger.LogInformation("Callback {CallbackId} joined queue {Queue} at position {Position} (its place: {QueuedAt:O})",
                callback.Id, queue.Id, joined.Position?.Position, callback.QueuedAt);
            if (customerFirst)
            {
                await WaitForTurnAsync(callback, script, queue, entry, place, observer, stopping);
            }
            else
            {
                await WaitForAgentAsync(callback, script, queue, place, observer, stopping);
            }
        }
        finally
        {
            await place.LeaveAsync(QueueLeaveReason.AnsweredByAgent);
            grains.DeleteObjectReference<IWaitingCallObserver>(reference);
        }
    }

    private async Task WaitForAgentAsync(CallbackRequest callback, IvrScript script, QueueDefinition queue, QueuePlace place, WaitingCallObserver observer, CancellationToken stopping)
    {
        var tick = Tick;
        while (true)
        {
            if (stopping.IsCancellationRequested)
            {
                // Given back at once: another node (or this one restarted) takes it without waiting for the lease.
                await GiveBackAsync(callback, time.GetUtcNow());
                return;
            }

            if (observer.Reservations.TryRead(out var reservation))
            {
                if (await TryAgentAsync(callback, script, queue, place, reservation, stopping))
                {
                    return;
                }

                continue;
            }

            using (var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                var arrived = observer.Reservations.WaitToReadAsync(wake.Token).AsTask();
                await Task.WhenAny(arrived, Task.Delay(tick, time, wake.Token));
                await wake.CancelAsync();
                await Quietly(arrived);
            }

            if (observer.Reservations.TryPeek(out _) || stopping.IsCancellationRequested)
            {
                continue;
            }

            if (!await StillHeldWithinHoursAsync(callback))
            {
                return;
            }

            await place.EnsureQueuedAsync();
        }
    }

    /// <summary>
    /// A waiting callback's periodic check: its lease renewed (false when another node holds it now), and given back
    /// for the next opening when the calling hours are over.
    /// </summary>
    private async Task<bool> StillHeldWithinHoursAsync(CallbackRequest callback)
    {
        if (!await requests.RenewLeaseAsync(callback.Id, node.Id, time.GetUtcNow() + settings.Value.Lease, CancellationToken.None))
        {
            logger.LogWarning("Callback {CallbackId}: this node no longer holds it; leaving its queue", callback.Id);
            return false;
        }

        if (!_hours.IsOpen(time.GetUtcNow()))
        {
            var opening = _hours.NextOpening(time.GetUtcNow());
            logger.LogInformation("Callback {CallbackId}: calling hours over; back at {Opening:O}", callback.Id, opening);
            await GiveBackAsync(callback, opening);
            return false;
        }

        return true;
    }

    /// <returns>True when the callback is over for this node (attempted, or no longer held).</returns>
    private async Task<bool> TryAgentAsync(
        CallbackRequest callback, IvrScript script, QueueDefinition queue, QueuePlace place, AgentReservation reservation, CancellationToken stopping)
    {
        if (reservation.CallId != QueueCallId(callback.Id))
        {
            return false;
        }

        logger.LogInformation("Callback {CallbackId}: ringing agent {AgentId}", callback.Id, reservation.AgentId);
        var dial = await dialer.DialAsync(reservation, $"Rappel {queue.Name}", stopping);
        if (dial.Leg is not { } leg)
        {
            if (dial.Failure != AgentOfferFailure.CallerLeft)
            {
                await place.ReleaseAsync(reservation.AgentId);
            }

            return false;
        }

        if (!await requests.StartAttemptAsync(callback.Id, node.Id, CancellationToken.None))
        {
            logger.LogWarning("Callback {CallbackId}: no longer held by this node when agent {AgentId} answered; releasing the agent", callback.Id, reservation.AgentId);
            await attempt.ReleaseAgentAsync(leg);
            return true;
        }

        var made = callback with { Attempts = callback.Attempts + 1, Status = CallbackStates.Dialling };
        var result = await attempt.CallCitizenAsync(made, script, queue, leg, stopping);
        if (result != CallbackAttemptResult.Answered)
        {
            await AfterFailedAttemptAsync(made, result, script, leg);
        }

        return true;
    }

    /// <summary>Retry later, or failed with the SMS; the agent (when one was on the line) is released first.</summary>
    private async Task AfterFailedAttemptAsync(CallbackRequest callback, CallbackAttemptResult result, IvrScript script, IAgentLeg? leg)
    {
        if (leg is not null)
        {
            await attempt.ReleaseAgentAsync(leg);
        }

        var now = time.GetUtcNow();
        if (CallbackStateMachine.After(result, callback.Attempts, settings.Value.MaxAttempts) == CallbackNext.Retry)
        {
            var due = CallbackStateMachine.RetryDue(now, settings.Value.RetryDelay, _hours);
            if (await requests.RetryLaterAsync(callback.Id, node.Id, result.Label(), due, CancellationToken.None))
            {
                logger.LogInformation("Callback {CallbackId}: attempt {Attempt} {Result}; next attempt at {Due:O}", callback.Id, callback.Attempts, result.Label(), due);
                await ScheduleAsync(callback.Id, due);
            }

            return;
        }

        await attempt.FailAsync(callback, script, result);
    }

    private async Task GiveBackAsync(CallbackRequest callback, DateTimeOffset due)
    {
        if (await requests.ReleaseAsync(callback.Id, node.Id, due, CancellationToken.None))
        {
            await ScheduleAsync(callback.Id, due);
        }
    }

    private async Task ScheduleAsync(Guid id, DateTimeOffset due)
    {
        try
        {
            await grains.GetGrain<ICallbackGrain>(id.ToString("D")).Schedule(due);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Its reminder exists with its period: the callback is looked at again at the next tick anyway.
            logger.LogWarning(error, "Callback {CallbackId}: could not move its reminder to {Due:O}", id, due);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Stopped because we stopped it.
        }
    }
}
