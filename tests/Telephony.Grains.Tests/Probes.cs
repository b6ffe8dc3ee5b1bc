using System.Collections.Concurrent;
using System.Threading.Channels;
using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>Plays the callers' node: records every reservation the agents announce, in arrival order.</summary>
public sealed class NodeProbe : IWaitingCallObserver
{
    private readonly Channel<AgentReservation> _arrivals = Channel.CreateUnbounded<AgentReservation>();
    private readonly ConcurrentDictionary<string, int> _perCall = new();

    public Task AgentReserved(AgentReservation reservation)
    {
        _perCall.AddOrUpdate(reservation.CallId, 1, (_, count) => count + 1);
        _arrivals.Writer.TryWrite(reservation);
        return Task.CompletedTask;
    }

    /// <summary>How many times agents were reserved for this call.</summary>
    public int ReservationsFor(string callId) => _perCall.GetValueOrDefault(callId);

    public async Task<AgentReservation> NextReservation()
    {
        using var timeout = new CancellationTokenSource(AgentStateSignal.Patience);
        return await _arrivals.Reader.ReadAsync(timeout.Token);
    }
}

/// <summary>
/// Told of every agent state change (as a console is); lets a test await the state it expects instead of sleeping.
/// </summary>
public sealed class AgentStateSignal : IAgentObserver
{
    /// <summary>How long a test waits for an event before failing (real time: the grains' clock is fake).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _changed = new(0);

    public Task StateChanged(AgentState state)
    {
        _changed.Release();
        return Task.CompletedTask;
    }

    /// <summary>The agent's state once it satisfies <paramref name="expected"/>, read from the grain after each change.</summary>
    public async Task<AgentState> Until(IAgentGrain agent, Func<AgentState, bool> expected, string what)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (true)
        {
            var state = await agent.GetState();
            if (expected(state))
            {
                return state;
            }

            var left = giveUp - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Agent {state.AgentId} never became {what}; it is {state.Status} ({state.PauseReason}).");
            }

            // A push may overtake the change it reports (one-way), so the grain is read again after each one, and at
            // least every 50 ms.
            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50));
        }
    }
}
