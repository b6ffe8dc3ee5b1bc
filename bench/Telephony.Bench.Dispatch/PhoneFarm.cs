using System.Collections.Concurrent;
using System.Diagnostics;
using Telephony.Grains.Abstractions;

namespace Telephony.Bench.Dispatch;

/// <summary>
/// Plays the callers' node and the agents' phones: told of a reservation, it rings (Ringing), answers (Answered),
/// talks for the hold time, hangs up (CallEnded) and ends the wrap-up (EndWrapUp), after which the agent is Ready
/// and is reserved again. Measures the time from each return to Ready to the next reservation of that agent.
/// </summary>
internal sealed class PhoneFarm(IGrainFactory grains, TimeSpan hold, int maxSamples) : IWaitingCallObserver
{
    private readonly long[] _readyToReserved = new long[maxSamples];
    private readonly bool[] _afterPause = new bool[maxSamples];
    private readonly Dictionary<string, (long Since, bool AfterPause)> _readySince = [];
    // Made once per agent, as a node keeps them (GetGrain resolves the grain type by reflection on every call).
    private readonly ConcurrentDictionary<string, IAgentGrain> _agents = new();
    private int _samples;
    private long _reservations;
    private int _handling;
    private volatile bool _stopped;

    public long Reservations => Interlocked.Read(ref _reservations);

    /// <summary>Told whenever an agent is reserved (after the count is updated): the producer's cue.</summary>
    public Action? Reserved { get; set; }

    /// <summary>While true, an agent's return to Ready is timed (false once no call is left to reserve it for).</summary>
    public bool Timing { get; init; } = true;

    /// <summary>Skips the call itself: each reservation is ended at once (caller left), the agent Ready again.</summary>
    public bool DispatchOnly { get; init; }

    public Task AgentReserved(AgentReservation reservation)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_readySince)
        {
            if (_readySince.Remove(reservation.AgentId, out var ready) && _samples < _readyToReserved.Length)
            {
                _afterPause[_samples] = ready.AfterPause;
                _readyToReserved[_samples++] = now - ready.Since;
            }
        }

        Interlocked.Increment(ref _reservations);
        Reserved?.Invoke();
        if (!_stopped)
        {
            Interlocked.Increment(ref _handling);
            _ = HandleAsync(reservation);
        }

        return Task.CompletedTask;
    }

    /// <summary>Takes no new reservation in hand and waits for those in hand to be over (so the silo stops quietly).</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        while (Volatile.Read(ref _handling) > 0)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// The agent is made Ready now (SetReady from a pause, which writes the agent's record, or EndWrapUp, which does
    /// not, follows at once): its next reservation is timed.
    /// </summary>
    public void BecomingReady(string agentId, bool afterPause = false)
    {
        if (!Timing)
        {
            return;
        }

        lock (_readySince)
        {
            _readySince[agentId] = (Stopwatch.GetTimestamp(), afterPause);
        }
    }

    /// <summary>Forgets the times measured so far (those of the warm-up).</summary>
    public void ResetTiming()
    {
        lock (_readySince)
        {
            _samples = 0;
        }
    }

    /// <summary>The times measured, in order; only those after a pause (or only the others) when told.</summary>
    public TimeSpan[] ReadyToReservedSorted(bool? afterPause = null)
    {
        lock (_readySince)
        {
            return [.. Enumerable.Range(0, _samples)
                .Where(i => afterPause is null || _afterPause[i] == afterPause)
                .Select(i => _readyToReserved[i])
                .Order()
                .Select(ticks => Stopwatch.GetElapsedTime(0, ticks))];
        }
    }

    private async Task HandleAsync(AgentReservation reservation)
    {
        var agent = _agents.GetOrAdd(reservation.AgentId, id => grains.GetGrain<IAgentGrain>(id));
        try
        {
            if (DispatchOnly)
            {
                // The caller hangs up as the phone is reserved: the call leaves the queue and the agent is Ready at
                // once, so the figure is the distribution's alone (join, offer, claim, reservation, release).
                BecomingReady(reservation.AgentId);
                await agent.OfferFailed(reservation.CallId, AgentOfferFailure.CallerLeft);
                return;
            }

            await agent.Ringing(reservation.CallId);
            await agent.Answered(reservation.CallId);
            if (hold > TimeSpan.Zero)
            {
                // Talk times vary (±50 %), so agents do not come back to Ready in step.
                await Task.Delay(hold * (0.5 + Random.Shared.NextDouble()));
            }

            await agent.CallEnded(reservation.CallId);
            BecomingReady(reservation.AgentId);
            await agent.EndWrapUp();
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"Call {reservation.CallId} on {reservation.AgentId}: {error.Message}");
        }
        finally
        {
            Interlocked.Decrement(ref _handling);
        }
    }
}
