using Telephony.Grains.Abstractions;
using Telephony.Media.Sessions;
using Telephony.Sip.Uac;

namespace Telephony.Calls.Conversations;

/// <summary>An agent's phone that answered: its SIP dialog and the RTP session our side of it uses.</summary>
public sealed class SipAgentLeg(AgentReservation reservation, OutgoingCall call, RtpSession media) : IAgentLeg
{
    public AgentReservation Reservation { get; } = reservation;

    public RtpSession Media { get; } = media;

    public Task Ended => call.Terminated;

    public Task HangUpAsync() => call.HangUpAsync();

    public async ValueTask DisposeAsync()
    {
        if (!call.Terminated.IsCompleted)
        {
            await call.HangUpAsync();
        }

        await Media.DisposeAsync();
    }
}
