using System.Collections.Concurrent;
using Telephony.Calls.Conversations;
using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Tests;

/// <summary>
/// Agent phones without SIP: each reservation is answered (or not) as the test scripted, in order; by default every
/// phone answers. Records the reservations it was asked to ring.
/// </summary>
internal sealed class FakeAgentDialer : IAgentDialer
{
    private readonly ConcurrentQueue<AgentOfferFailure?> _script = new();

    public ConcurrentQueue<AgentReservation> Rung { get; } = new();

    /// <summary>The next phone rung fails this way (null: it answers).</summary>
    public void Next(AgentOfferFailure? failure) => _script.Enqueue(failure);

    public Task<AgentDialResult> DialAsync(AgentReservation reservation, string callerDisplay, CancellationToken callerLeft)
    {
        Rung.Enqueue(reservation);
        var failure = _script.TryDequeue(out var scripted) ? scripted : null;
        return Task.FromResult(failure is { } f ? AgentDialResult.Failed(f) : AgentDialResult.Answered(new FakeAgentLeg(reservation)));
    }
}

/// <summary>An agent's answered phone whose hang-up the test decides.</summary>
internal sealed class FakeAgentLeg(AgentReservation reservation) : IAgentLeg
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AgentReservation Reservation { get; } = reservation;

    public Task Ended => _ended.Task;

    public bool HungUpByUs { get; private set; }

    /// <summary>The agent hangs up.</summary>
    public void AgentHangsUp() => _ended.TrySetResult();

    public Task HangUpAsync()
    {
        HungUpByUs = true;
        _ended.TrySetResult();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
