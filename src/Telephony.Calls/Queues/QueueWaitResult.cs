
namespace Telephony.Calls.Queues;

/// <summary>How a wait in a queue ended, seen from the call flow.</summary>
/// <param name="Final">Set when the call is over (the caller hung up, the service stopped).</param>
/// <param name="MaxWaitReached">True when the caller waited the queue's maximum and was taken out of it: the IVR goes on.</param>
public sealed record QueueWaitResult(CallResult? Final, bool MaxWaitReached, string QueueId, DateTimeOffset JoinedAt);
