using Microsoft.Extensions.Options;
using Telephony.Calls.Configuration;
using Telephony.Grains.Abstractions;
using Telephony.Storage;

namespace Telephony.Calls.Callers;

/// <summary>
/// The call layer's view of a caller's number: the repeat-caller hint (this number's recent calls to the line, read
/// from <c>caller_calls</c>, which the call record's completion fills in the same transaction) and one waiting call
/// per number and line (the number's caller grain). Anonymous callers have neither. A store or a grain that cannot be
/// reached never holds a call up: the hint is left out and the call goes on.
/// </summary>
public sealed class CallerHistory(
    ICallerCallRepository calls, IGrainFactory grains, CallerKeys keys, IOptions<CallerSettings> settings, TimeProvider time, ILogger<CallerHistory> logger)
{
    /// <summary>A citizen never waits on their own history for longer than this: the hint is a nicety, not a gate.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private readonly int _maxInFlight = settings.Value.MaxRequestsInFlight > 0 ? settings.Value.MaxRequestsInFlight : int.MaxValue;
    private readonly CallerHistoryWarnings _warnings = new(time, logger);
    private int _inFlight;

    /// <summary>This number's calls to the line over the last <c>Callers:RecentDays</c>, most recent first, at most <c>Callers:MaxCallsShown</c>.</summary>
    public Task<IReadOnlyList<RecentCall>> RecentCallsAsync(string? callerNumber, string line) =>
        TryAsync(
            callerNumber,
            async key =>
            {
                var since = time.GetUtcNow().AddDays(-settings.Value.RecentDays);
                var found = await calls.ListRecentAsync(key, line, since, Math.Clamp(settings.Value.MaxCallsShown, 1, ICallerCallRepository.MaxListLimit), CancellationToken.None);
                return (IReadOnlyList<RecentCall>)found.Select(c => new RecentCall(c.StartedAt, c.Outcome)).ToList();
            },
            fallback: [],
            $"no repeat-caller hint for a call to {line}");

    /// <summary>False when another call of the same number already waits on this line (the caller is told so).</summary>
    public async Task<bool> TryStartWaitingAsync(string? callerNumber, string line, string callId) =>
        // Unreachable grain: better two waiting calls than a citizen refused because a grain did not answer.
        (await TryAsync(callerNumber, key => grains.GetGrain<ICallerGrain>(key).StartWaiting(line, callId), new CallerWaitResult(true, null), $"call {callId} lets the call wait")).Accepted;

    public Task StopWaitingAsync(string? callerNumber, string line, string callId) =>
        TryAsync(callerNumber, async key => { await grains.GetGrain<ICallerGrain>(key).StopWaiting(line, callId); return true; }, false, $"call {callId} not marked as no longer waiting");

    /// <summary>Requests sent to the store or to caller grains and not answered yet (a request given up on still counts until it ends).</summary>
    public int RequestsInFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Runs <paramref name="act"/> with the caller's key; anonymous callers, errors, slow answers and too many requests
    /// in flight give the fallback.
    /// </summary>
    private async Task<T> TryAsync<T>(string? callerNumber, Func<string, Task<T>> act, T fallback, string whatFailureMeans)
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
            request = act(key);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Interlocked.Decrement(ref _inFlight);
            _warnings.Failed(error, whatFailureMeans);
            return fallback;
        }

        // Counted until the answer comes, not until the call stops waiting for it: that is the load it puts on the node.
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
