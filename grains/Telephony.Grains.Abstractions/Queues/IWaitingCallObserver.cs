using Orleans.Concurrency;

namespace Telephony.Grains.Abstractions;

/// <summary>
/// The caller's node, for one waiting call: told when an agent is reserved for it, so that it rings the agent's phone
/// (with the existing UAC) and bridges the legs. The node then reports to the agent grain (Ringing, Answered,
/// OfferFailed, CallEnded) and to the queue (Leave, Release).
/// </summary>
public interface IWaitingCallObserver : IGrainObserver
{
    [OneWay]
    Task AgentReserved(AgentReservation reservation);
}

/// <summary>An agent reserved for a call, until <see cref="Deadline"/> unless the node reports Ringing before it.</summary>
[GenerateSerializer, Immutable]
public sealed record AgentReservation(
    [property: Id(0)] string CallId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] string AgentId,
    [property: Id(3)] string SipUsername,
    [property: Id(4)] TimeSpan RingTimeout,
    [property: Id(5)] DateTimeOffset Deadline);
