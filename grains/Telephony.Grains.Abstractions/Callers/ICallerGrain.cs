namespace Telephony.Grains.Abstractions;

/// <summary>
/// One citizen's number, keyed by a keyed hash of it (HMAC-SHA-256 with the deployment's secret, see
/// <c>Callers:HashKey</c>): the number never appears in a grain id, a log or a metric. Remembers the caller's recent
/// calls per line (the repeat-caller hint shown to the agent) and allows one waiting call per line at a time.
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

    /// <summary>
    /// Records a finished call of this number on the line (kept for <c>Callers:RecentDays</c>, 7 by default, and at most
    /// <c>Callers:MaxCallsPerLine</c>, 50, the newest).
    /// </summary>
    Task RecordCall(string line, RecentCall call);

    /// <summary>This number's calls to the line since <paramref name="since"/>, most recent first.</summary>
    Task<IReadOnlyList<RecentCall>> GetRecentCalls(string line, DateTimeOffset since);
}

[GenerateSerializer, Immutable]
public sealed record CallerWaitResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] string? AlreadyWaitingCallId)
{
    public static readonly TimeSpan WaitingLease = TimeSpan.FromMinutes(2);
}
