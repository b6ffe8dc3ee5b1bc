using System.Threading.Channels;
using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Queues;

/// <summary>
/// This node's ear for one waiting call: the agent grain that reserves an agent for the call tells it here, and the
/// call's wait loop (which owns the caller's media) rings the agent. Kept alive by the wait for as long as it lasts:
/// Orleans holds observers weakly.
/// </summary>
internal sealed class WaitingCallObserver : IWaitingCallObserver
{
    private readonly Channel<AgentReservation> _reservations = Channel.CreateUnbounded<AgentReservation>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<AgentReservation> Reservations => _reservations.Reader;

    public Task AgentReserved(AgentReservation reservation)
    {
        _reservations.Writer.TryWrite(reservation);
        return Task.CompletedTask;
    }
}
