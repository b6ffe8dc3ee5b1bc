using Microsoft.Extensions.Options;
using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Callers;

/// <summary>
/// One citizen's number, keyed by a keyed hash of it (see <see cref="ICallerGrain"/>): its recent calls per line,
/// persisted and bounded, and the call of this number waiting on each line, in memory with a lease (a grain that
/// restarts forgets who waits, and the next renewal tells it again).
/// </summary>
public sealed class CallerGrain(
    [PersistentState("caller", "Default")] IPersistentState<CallerRecord> record,
    IOptions<CallerHistoryOptions> options,
    TimeProvider time) : Grain, ICallerGrain
{
    private readonly Dictionary<string, WaitingMark> _waitingByLine = [];

    public Task<CallerWaitResult> StartWaiting(string line, string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(line);
        ArgumentException.ThrowIfNullOrEmpty(callId);
        var now = time.GetUtcNow();
        if (_waitingByLine.TryGetValue(line, out var mark) && mark.CallId != callId && now - mark.RenewedAt < CallerWaitResult.WaitingLease)
        {
            return Task.FromResult(new CallerWaitResult(false, mark.CallId));
        }

        _waitingByLine[line] = new WaitingMark(callId, now);
        return Task.FromResult(new CallerWaitResult(true, null));
    }

    public Task StopWaiting(string line, string callId)
    {
        if (_waitingByLine.TryGetValue(line, out var mark) && mark.CallId == callId)
        {
            _waitingByLine.Remove(line);
        }

        return Task.CompletedTask;
    }

    public async Task RecordCall(string line, RecentCall call)
    {
        ArgumentException.ThrowIfNullOrEmpty(line);
        ArgumentNullException.ThrowIfNull(call);
        var byLine = record.State.RecentByLine;
        if (!byLine.TryGetValue(line, out var calls))
        {
            byLine[line] = calls = [];
        }

        var at = calls.FindIndex(c => c.At <= call.At);
        calls.Insert(at < 0 ? calls.Count : at, call);
        Prune(time.GetUtcNow());
        await record.WriteStateAsync();
    }

    public Task<IReadOnlyList<RecentCall>> GetRecentCalls(string line, DateTimeOffset since)
    {
        IReadOnlyList<RecentCall> recent = record.State.RecentByLine.TryGetValue(line, out var calls)
            ? calls.Where(c => c.At >= since).ToList()
            : [];
        return Task.FromResult(recent);
    }

    /// <summary>Forgets what is older than the retention, and the oldest past the cap, on every line.</summary>
    private void Prune(DateTimeOffset now)
    {
        var settings = options.Value;
        var oldest = now - TimeSpan.FromDays(settings.RecentDays);
        foreach (var (line, calls) in record.State.RecentByLine.ToList())
        {
            calls.RemoveAll(c => c.At < oldest);
            if (calls.Count > settings.MaxCallsPerLine)
            {
                calls.RemoveRange(settings.MaxCallsPerLine, calls.Count - settings.MaxCallsPerLine);
            }

            if (calls.Count == 0)
            {
                record.State.RecentByLine.Remove(line);
            }
        }
    }

    private sealed record WaitingMark(string CallId, DateTimeOffset RenewedAt);
}
