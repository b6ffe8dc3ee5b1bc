namespace Telephony.Grains.Abstractions;

/// <summary>
/// One citizen's number, keyed by a keyed hash of it (HMAC-SHA-256 with the deployment's secret, see
/// <c>Callers:HashKey</c>): the number never appears in a grain id, a log or a metric. Allows one waiting call per
/// line at a time. (The number's recent calls, the repeat-caller hint, are not kept here but in <c>caller_calls</c>,
/// written with each call record: an activation, a read and a state write per call cost 15-20 % of a set-up's CPU.)
/// </summary>
public interface ICallerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Marks a call of this number as waiting on the line; false (with the call already waiting) when another call of
    /// the same number waits there: the second caller is told so. Calling it again for the same call renews the mark:
    /// a mark not renewed for <see cref="CallerWaitResult.WaitingLease"/> lapses (its node died), so the node renews it
    /// with each presence check of the waiting call.
    /// </summary>
    Task<CallerWaitResult> StartWaiting(string line, string callId);

    /// <summary>The call no longer waits (answered, abandoned, called back...).</summary>
    Task StopWaiting(string line, string callId);
}

[GenerateSerializer, Immutable]
public sealed record CallerWaitResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] string? AlreadyWaitingCallId)
{
    public static readonly TimeSpan WaitingLease = TimeSpan.FromMinutes(2);
}
