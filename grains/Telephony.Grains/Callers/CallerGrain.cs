using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Callers;

/// <summary>
/// One citizen's number, keyed by a keyed hash of it (see <see cref="ICallerGrain"/>): the call of this number waiting
/// on each line, in memory with a lease (a grain that restarts forgets who waits, and the next renewal tells it again).
/// It has no stored state: the number's recent calls are written with the call records (table <c>caller_calls</c>),
/// so a call that never waits never wakes this grain.
/// </summary>
public sealed class CallerGrain(TimeProvider time) : Grain, ICallerGrain
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

    private sealed record WaitingMark(string CallId, DateTimeOffset RenewedAt);
}
