using Microsoft.Extensions.Options;
using Telephony.Calls.Configuration;
using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Callers;

/// <summary>
/// The call layer's use of caller grains: the repeat-caller hint (this number's recent calls to the line), one waiting
/// call per number and line, and the record of each finished call. Anonymous callers have no history. A grain that
/// cannot be reached never holds a call up: the hint is left out and the call goes on.
/// </summary>
public sealed class CallerHistory(IGrainFactory grains, CallerKeys keys, IOptions<CallerSettings> settings, TimeProvider time, ILogger<CallerHistory> logger)
{
    /// <summary>A citizen never waits on their own history for longer than this: the hint is a nicety, not a gate.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private readonly int _maxInFlight = settings.Value.MaxRequestsInFlight > 0 ? settings.Value.MaxRequestsInFlight : int.MaxValue;
    private readonly CallerHistoryWarnings _warnings = new(time, logger);
    private int _inFlight;

    /// <summary>This number's calls to the line over the last <c>Callers:RecentDays</c>, most recent first.</summary>
    public Task<IReadOnlyList<RecentCall>> RecentCallsAsync(string? callerNumber, string line) =>
        TryAsync(
            callerNumber,
            caller => caller.GetRecentCalls(line, time.GetUtcNow().AddDays(-settings.Value.RecentDays)),
            fallback: [],
            $"no repeat-caller hint for a call to {line}");

    /// <summary>False when another call of the same number already waits on this line (the caller is told so).</summary>
    public async Task<bool> TryStartWaitingAsync(string? callerNumber, string line, string callId) =>
        // Unreachable history: better two waiting calls than a citizen refused because a grain did not answer.
        (await TryAsync(callerNumber, caller => caller.StartWaiting(line, callId), new CallerWaitResult(true, null), $"call {callId} lets the call wait")).Accepted;

    public Task StopWaitingAsync(string? callerNumber, string line, string callId) =>
        TryAsync(callerNumber, async caller => { await caller.StopWaiting(line, callId); return true; }, false, $"call {callId} not marked as no longer waiting");

    public Task RecordAsync(string? callerNumber, string line, string callId, RecentCall call) =>
        TryAsync(callerNumber, async caller => { await caller.RecordCall(line, call); return true; }, false, $"call {callId} not added to the caller's history");

    /// <summary>Requests sent to caller grains and not answered yet (a request given up on still counts until it ends).</summary>
    public int RequestsInFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Runs <paramref name="act"/> on the caller's grain; anonymous callers, errors, slow grains and too many requests
    /// in flight give the fallback.
    /// </summary>
    private async Task<T> TryAsync<T>(string? callerNumber, Func<ICallerGrain, Task<T>> act, T fallback, string whatFailureMeans)
    {
        if (keys.KeyOf(callerNumber) is not { } key)
        {
            return fallback;
        }

        if (Interlocked.Increment(ref _inFlight) > _maxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            _warnings.Skipped(whatFailureMeans);
            return fallback;
        }

        Task<T> request;
        try
        {
            request = act(grains.GetGrain<ICallerGrain>(key));
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Interlocked.Decrement(ref _inFlight);
            _warnings.Failed(error, whatFailureMeans);
            return fallback;
        }

        // Counted until the grain answers, not until the call stops waiting for it: that is the load it puts on the node.
        _ = request.ContinueWith(static (_, self) => Interlocked.Decrement(ref ((CallerHistory)self!)._inFlight), this, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            return await request.WaitAsync(Patience, time);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            _warnings.Failed(error, whatFailureMeans);
            return fallback;
        }
    }
}
