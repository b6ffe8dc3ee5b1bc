using Telephony.Calls.Queues;

namespace Telephony.Calls.Callbacks;

/// <summary>Records a callback the caller accepted in the IVR.</summary>
public interface ICallbackRequester
{
    /// <returns>False when the caller's number cannot be called back.</returns>
    Task<bool> RequestAsync(CallbackAsked request);
}

/// <summary>
/// A callback the caller accepted: the call, the queue, the caller's number as presented, when they joined the queue
/// (null: they never did, e.g. the line was closed; the request's time is then its place), and what they told the IVR.
/// </summary>
public sealed record CallbackAsked(string CallId, string Network, string Line, string QueueId, string? CallerNumber, DateTimeOffset? QueuedAt, WaitingCaller Caller)
{
    public override string ToString() => $"CallbackAsked {{ {CallId}, {Network}/{Line}, {QueueId} }}";
}
