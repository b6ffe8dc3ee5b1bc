using Telephony.Calls.Channels;
using Telephony.Calls.Queues;
using Telephony.Grains.Abstractions;
using Telephony.Ivr;
using Telephony.Storage;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// Customer first (<c>callback-order: customer-first</c>): the callback's entry holds its place without being offered
/// to agents; when it is first in line the citizen is called, and once they answer the entry is offered at that
/// place, the citizen hearing the music as a live caller would, until the next free agent answers.
/// </summary>
public sealed partial class CallbackRunner
{
    private TimeSpan Tick => TimeSpan.FromTicks(Math.Min(queueSettings.Value.PresenceCheckInterval.Ticks, settings.Value.Lease.Ticks / 3));

    private async Task WaitForTurnAsync(
        CallbackRequest callback, IvrScript script, QueueDefinition queue, QueuedCall entry, QueuePlace held, WaitingCallObserver observer, CancellationToken stopping)
    {
        var tick = Tick;
        while (!stopping.IsCancellationRequested)
        {
            if (!await StillHeldWithinHoursAsync(callback))
            {
                return;
            }

            // First in line (the claimed calls ahead are leaving): the citizen's turn.
            if (await held.EnsureQueuedAsync() is { Position: 1 })
            {
                await CallFirstAsync(callback, script, queue, entry, observer, stopping);
                return;
            }

            try
            {
                await Task.Delay(tick, time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await GiveBackAsync(callback, time.GetUtcNow());
    }

    private async Task CallFirstAsync(
        CallbackRequest callback, IvrScript script, QueueDefinition queue, QueuedCall entry, WaitingCallObserver observer, CancellationToken stopping)
    {
        if (!await requests.StartAttemptAsync(callback.Id, node.Id, CancellationToken.None))
        {
            logger.LogWarning("Callback {CallbackId}: no longer held by this node at its turn", callback.Id);
            return;
        }

        logger.LogInformation("Callback {CallbackId}: first in line of {Queue}; calling the citizen before an agent", callback.Id, queue.Id);
        var made = callback with { Attempts = callback.Attempts + 1, Status = CallbackStates.Dialling };
        var result = await attempt.CallCitizenFirstAsync(made, script, queue, citizen => WaitAsCallerAsync(callback, queue, entry, observer, citizen, stopping), stopping);
        if (result != CallbackAttemptResult.Answered)
        {
            await AfterFailedAttemptAsync(made, result, script, null);
        }
    }

    /// <summary>
    /// The citizen on the line waits at the callback's place, offered to agents now; the lease is renewed meanwhile
    /// (the record says dialling: a node that stopped renewing it has died, and the attempt is counted lost).
    /// </summary>
    private async Task<AgentConnection?> WaitAsCallerAsync(
        CallbackRequest callback, QueueDefinition queue, QueuedCall entry, WaitingCallObserver observer, ICallChannel citizen, CancellationToken stopping)
    {
        var set = scripts.Current;
        var place = new QueuePlace(grains.GetGrain<IQueueGrain>(queue.Id), entry with { AwaitingCitizen = false }, QueueWaiter.PolicyOf(queue, set.Queues.Version), logger);
        await place.JoinAsync();
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stopping, citizen.Ended);
        var plan = new QueueWaitPlan(
            queue.Name,
            queueSettings.Value.ResolveMusicOnHold(ivrSettings.Value),
            MaxWait: null, // The citizen was called to be served next: no limit sends them elsewhere.
            AnnouncementInterval: null,
            Tick, // Presence checks renew the lease too: at least three per lease.
            AnnounceAsync: null,
            StillWaitingAsync: async _ =>
            {
                if (!await requests.RenewLeaseAsync(callback.Id, node.Id, time.GetUtcNow() + settings.Value.Lease, CancellationToken.None))
                {
                    logger.LogWarning("Callback {CallbackId}: lease lost while its citizen waited for an agent", callback.Id);
                    await waiting.CancelAsync();
                }
            });
        var loop = new QueueWaitLoop(citizen, place, observer.Reservations, dialer, plan, time, logger);
        return await loop.RunAsync(waiting.Token);
    }
}
