using Telephony.Calls.Callers;
using Telephony.Calls.Metrics;
using Telephony.Ivr;
using Telephony.Storage;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// Records a callback a caller accepted in the IVR. Stored at once (the caller has hung up by the time anyone could
/// retry), with the caller's place in the queue, then handed to its callback grain, whose durable reminder fires it.
/// One active callback per number and line: asking again confirms the one stored.
/// </summary>
public sealed class CallbackRequester(
    CallbackRequestRepository requests,
    CallerKeys keys,
    IGrainFactory grains,
    TelephonyMetrics metrics,
    TimeProvider time,
    ILogger<CallbackRequester> logger) : ICallbackRequester
{
    /// <returns>False when the caller's number cannot be called back (anonymous, foreign, premium-rate...).</returns>
    public async Task<bool> RequestAsync(CallbackAsked request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dialable = NationalNumbers.ToDialableE164(request.CallerNumber, request.Rules ?? NumberRules.Strict);
        if (dialable is null)
        {
            // Refused, not failed: no callback was ever promised, and the caller hears so (the IVR's refused prompt).
            metrics.CallbackCounted(request.Network, request.Line, "refused");
            logger.LogWarning("Call {CallId}: callback refused, {Caller} is not a French number the service may dial",
                request.CallId, PhoneNumberMasking.Mask(request.CallerNumber));
            return false;
        }

        var now = time.GetUtcNow();
        var (id, existing) = await requests.AddOrFindActiveAsync(new CallbackRequest
        {
            CallId = request.CallId,
            Network = request.Network,
            Line = request.Line,
            QueueId = request.QueueId,
            PhoneNumber = dialable,
            RequestedAt = now,
            QueuedAt = request.QueuedAt ?? now,
            DueAt = now,
            NumberKey = keys.KeyOf(dialable),
            AgentContext = CallbackContext.Serialize(request.Caller),
        }, CancellationToken.None);
        if (existing)
        {
            logger.LogInformation("Call {CallId}: {Caller} already has callback {CallbackId} on line {Line}; confirmed, nothing stored",
                request.CallId, PhoneNumberMasking.Mask(dialable), id, request.Line);
            return true;
        }

        metrics.CallbackCounted(request.Network, request.Line, "requested");
        logger.LogInformation("Call {CallId}: callback {CallbackId} requested on {Queue} for {Caller}", request.CallId, id, request.QueueId, PhoneNumberMasking.Mask(dialable));
        await CallbackReminders.ScheduleAsync(grains, id, now, fireNow: true, logger);
        return true;
    }
}
