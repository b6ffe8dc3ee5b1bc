using Telephony.Calls.Metrics;
using Telephony.Ivr;
using Telephony.Storage;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// Records a callback a caller accepted in the IVR. Stored at once (the caller has hung up by the time anyone
/// could retry), for the callback scheduler to dial later.
/// </summary>
public sealed class CallbackRequester(CallbackRequestRepository requests, TelephonyMetrics metrics, TimeProvider time, ILogger<CallbackRequester> logger)
    : ICallbackRequester
{
    /// <returns>False when the caller's number cannot be called back (anonymous, foreign, premium-rate...).</returns>
    public async Task<bool> RequestAsync(string callId, string network, string line, string queueId, string? callerNumber, NumberRules? rules = null)
    {
        var dialable = NationalNumbers.ToDialableE164(callerNumber, rules ?? NumberRules.Strict);
        if (dialable is null)
        {
            // Refused, not failed: no callback was ever promised, and the caller hears so (the IVR's refused prompt).
            metrics.CallbackCounted(network, line, "refused");
            logger.LogWarning("Call {CallId}: callback refused, {Caller} is not a French number the service may dial",
                callId, PhoneNumberMasking.Mask(callerNumber));
            return false;
        }

        await requests.AddAsync(new CallbackRequest
        {
            CallId = callId,
            Network = network,
            Line = line,
            QueueId = queueId,
            PhoneNumber = dialable,
            RequestedAt = time.GetUtcNow(),
        }, CancellationToken.None);
        metrics.CallbackCounted(network, line, "requested");
        logger.LogInformation("Call {CallId}: callback requested on {Queue} for {Caller}", callId, queueId, PhoneNumberMasking.Mask(dialable));
        return true;
    }
}
