using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Queues;

/// <summary>How a wait in a queue ended, seen from the call flow.</summary>
/// <param name="Final">Set when the call is over (the caller hung up, the service stopped).</param>
/// <param name="MaxWaitReached">True when the caller waited the queue's maximum and was taken out of it: the IVR goes on.</param>
public sealed record QueueWaitResult(CallResult? Final, bool MaxWaitReached, string QueueId, DateTimeOffset JoinedAt)
{
    /// <summary>Set when an agent answered: the conversation comes next.</summary>
    public AgentConnection? Connected { get; init; }

    /// <summary>Set when the queue refused the call (full, or no agent and the rule says overflow): the IVR's on-full branch.</summary>
    public QueueJoinStatus? Refused { get; init; }

    /// <summary>Set when another call from the same number already waits on this line: this one did not join.</summary>
    public bool AlreadyWaiting { get; init; }

    /// <summary>The agent phones rung during the wait (answered or not).</summary>
    public int RingAttempts { get; init; }
}
