using Telephony.Calls.Queues;
using Telephony.Ivr;

namespace Telephony.Calls.Callbacks;

/// <summary>Records a callback the caller accepted in the IVR.</summary>
public interface ICallbackRequester
{
    /// <returns>False when the caller's number cannot be called back.</returns>
    Task<bool> RequestAsync(CallbackAsked request);
}

/// <summary>
/// A callback the caller accepted: the call, the queue, the number to call back (the caller ID, or the one the caller
/// confirmed in the IVR), when they joined the queue (null: they never did, e.g. the line was closed; the request's
/// time is then its place), what they told the IVR, and the numbers the IVR node accepts beyond French fixed and
/// mobile ones (null: none).
/// </summary>
public sealed record CallbackAsked(
    string CallId, string Network, string Line, string QueueId, string? CallerNumber, DateTimeOffset? QueuedAt, WaitingCaller Caller, NumberRules? Rules = null)
{
    public override string ToString() => $"CallbackAsked {{ {CallId}, {Network}/{Line}, {QueueId} }}";
}
