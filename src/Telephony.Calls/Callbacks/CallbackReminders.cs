using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// Setting a stored callback's durable reminder. A failure is only logged: the row is stored, and every node gives
/// each active callback its reminder again at start-up.
/// </summary>
public static class CallbackReminders
{
    /// <param name="fireNow">Also fire it at once (an ASAP callback due now), rather than at the reminder's first tick.</param>
    public static async Task ScheduleAsync(IGrainFactory grains, Guid id, DateTimeOffset due, bool fireNow, ILogger logger)
    {
        try
        {
            var grain = grains.GetGrain<ICallbackGrain>(id.ToString("D"));
            await grain.Schedule(due);
            if (fireNow)
            {
                await grain.Fire();
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogError(error, "Callback {CallbackId}: stored, but its reminder could not be set now", id);
        }
    }
}
