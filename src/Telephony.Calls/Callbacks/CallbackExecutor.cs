using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Telephony.Grains.Abstractions;
using Telephony.Storage;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// This node's side of the callbacks its silo's reminders fire: claims a due callback in the database (its lease,
/// named by <c>Node:Id</c>) and runs it in the background (<see cref="CallbackRunner"/>), at most once per node at a time.
/// The claim is the exactly-once gate between nodes: a reminder fired again, on another silo during a failover or
/// after a restart, finds the callback held (or over) and does nothing; a node that died leaves a lease that ends.
/// </summary>
public sealed class CallbackExecutor(
    CallbackRequestRepository requests,
    CallbackRunner runner,
    CitizenTrunk trunk,
    IGrainFactory grains,
    NodeIdentity node,
    IOptions<CallbackSettings> settings,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<CallbackExecutor> logger) : ICallbackExecutor
{
    private readonly ConcurrentDictionary<Guid, Task> _running = new();
    private readonly CallingHours _hours = settings.Value.ParseCallingHours();

    /// <summary>Callbacks this node runs now (queued or dialling), by network and line.</summary>
    public IReadOnlyDictionary<(string Network, string Line), long> Held => runner.Held;

    public async Task<CallbackFiring> FireAsync(Guid callbackId, CancellationToken cancellationToken)
    {
        if (_running.ContainsKey(callbackId))
        {
            return CallbackFiring.Running;
        }

        var callback = await requests.GetAsync(callbackId, cancellationToken);
        if (callback is null || !callback.IsActive)
        {
            return CallbackFiring.Done;
        }

        var now = time.GetUtcNow();
        if (callback.DueAt > now || !_hours.IsOpen(now) || !trunk.Enabled || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return CallbackFiring.Waiting;
        }

        var claimed = await requests.TryClaimAsync(callbackId, node.Id, now, now + settings.Value.Lease, cancellationToken);
        if (claimed is null)
        {
            return CallbackFiring.Waiting; // Another node holds it (or it just ended): its lease or its end decides.
        }

        if (callback.Status == CallbackStates.Dialling)
        {
            logger.LogWarning("Callback {CallbackId}: taken over while its citizen was being called (node {Node} lost); attempt {Attempt} counted",
                callbackId, callback.ClaimedBy, callback.Attempts);
        }

        var run = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_running.TryAdd(callbackId, run.Task))
        {
            return CallbackFiring.Running;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await runner.RunAsync(claimed, lifetime.ApplicationStopping);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                logger.LogError(error, "Callback {CallbackId} failed on this node; its lease will let it be taken again", callbackId);
            }
            finally
            {
                _running.TryRemove(callbackId, out _);
                run.TrySetResult();
            }

            await RemoveReminderIfOverAsync(callbackId);
        }, CancellationToken.None);
        return CallbackFiring.Running;
    }

    /// <summary>
    /// A callback that ended here (completed, failed, cancelled) has its reminder removed now, not at its next tick: a
    /// period later, or never when the service stops first, which left finished callbacks' rows in the reminder table.
    /// The grain's own firing finds the row over and removes it.
    /// </summary>
    private async Task RemoveReminderIfOverAsync(Guid callbackId)
    {
        try
        {
            if (await requests.GetAsync(callbackId, CancellationToken.None) is { IsActive: false })
            {
                await grains.GetGrain<ICallbackGrain>(callbackId.ToString("D")).Fire();
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Callback {CallbackId}: over, but its reminder could not be removed now; its next tick removes it", callbackId);
        }
    }

    /// <summary>Waits (bounded) for the callbacks running here, which give back what they hold when the service stops.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var pending = _running.Values.ToArray();
        if (pending.Length > 0)
        {
            await Task.WhenAny(Task.WhenAll(pending), Task.Delay(timeout, time));
        }
    }
}
