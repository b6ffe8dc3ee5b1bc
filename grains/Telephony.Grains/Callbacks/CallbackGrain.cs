using Microsoft.Extensions.Logging;
using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Callbacks;

/// <summary>
/// The durable reminder of one callback (<see cref="ICallbackGrain"/>). A reminder tick asks this silo's node to run
/// the callback; when the record says it is over, the reminder is removed. Stateless: the reminder table (SQLite or
/// PostgreSQL) is what survives, and the row's state machine decides.
/// </summary>
public sealed class CallbackGrain(ICallbackExecutor executor, CallbackReminderOptions options, TimeProvider time, ILogger<CallbackGrain> logger)
    : Grain, ICallbackGrain, IRemindable
{
    public const string ReminderName = "callback";

    private Guid Id => Guid.Parse(this.GetPrimaryKeyString());

    public async Task Schedule(DateTimeOffset due)
    {
        var delay = due - time.GetUtcNow();
        // Orleans wants a positive first delay; a past due time fires at once (the next period at worst).
        var dueTime = delay > TimeSpan.FromMilliseconds(100) ? delay : TimeSpan.FromMilliseconds(100);
        await this.RegisterOrUpdateReminder(ReminderName, dueTime, options.Period);
    }

    public async Task Fire()
    {
        if (await executor.FireAsync(Id, CancellationToken.None) == CallbackFiring.Done)
        {
            await RemoveReminderAsync();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        try
        {
            await Fire();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The next tick tries again: the record has not moved.
            logger.LogWarning(error, "Callback {CallbackId}: its reminder could not start it; next tick in {Period}", Id, options.Period);
        }
    }

    private async Task RemoveReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}

/// <summary>How often an active callback's reminder fires after its due time (<c>Callbacks:ReminderPeriodSeconds</c>).</summary>
public sealed record CallbackReminderOptions(TimeSpan Period);
