using System.Text;
using Telephony.Calls.Channels;
using Telephony.Grains.Abstractions;
using Telephony.Media;
using Telephony.Media.Rtp;
using Telephony.Media.Sdp;
using Telephony.Media.Sessions;
using Telephony.Calls.Agents;

namespace Telephony.Calls.Conversations;

/// <summary>
/// Rings a reserved agent's registered phone with this node's UAC (the caller's media stays here): over the flow its
/// REGISTER came on when this node answered it (a phone behind NAT is reached there, never at its private Contact),
/// through the proxy's path when Kamailio relayed it, to whichever node (<see cref="AgentPhones"/>). Reports each step
/// to the agent grain: Ringing when the INVITE is out, Answered once the media is up, OfferFailed with the reason
/// otherwise. The waiting caller keeps hearing the music meanwhile: the agent's phone ringing is never relayed to them.
/// </summary>
public sealed class SipAgentDialer(
    IGrainFactory grains,
    AgentPhones phones,
    IOutboundCalls sip,
    MediaResources media,
    CallAnswering answering,
    ILogger<SipAgentDialer> logger) : IAgentDialer
{
    public async Task<AgentDialResult> DialAsync(AgentReservation reservation, string callerDisplay, CancellationToken callerLeft)
    {
        var agent = grains.GetGrain<IAgentGrain>(reservation.AgentId);
        // The most recent registration: a phone that re-registered from a new address is reached at the new one.
        var phone = await phones.FindAsync(reservation.SipUsername);
        if (phone is null)
        {
            logger.LogWarning("Call {CallId}: agent {AgentId} has no registered phone on any node", reservation.CallId, reservation.AgentId);
            return await FailAsync(agent, reservation, AgentOfferFailure.Unreachable);
        }

        RtpSession rtp;
        try
        {
            rtp = media.OpenSession();
        }
        catch (RtpPortsExhaustedException)
        {
            logger.LogWarning("Call {CallId}: no RTP port left to ring agent {AgentId}", reservation.CallId, reservation.AgentId);
            return await FailAsync(agent, reservation, AgentOfferFailure.ServiceFailure);
        }

        var handedOver = false;
        try
        {
            var result = await RingAsync(agent, reservation, phone, rtp, callerDisplay, callerLeft);
            handedOver = result.Leg is not null;
            return result;
        }
        finally
        {
            if (!handedOver)
            {
                await rtp.DisposeAsync();
            }
        }
    }

    private async Task<AgentDialResult> RingAsync(
        IAgentGrain agent, AgentReservation reservation, PhoneRoute phone, RtpSession rtp, string callerDisplay, CancellationToken callerLeft)
    {
        var offer = SdpOfferAnswer.CreateOffer(sip.LocalAddressFor(phone.NextHop), rtp.LocalPort, CallAnswering.PreferredCodecs);
        var request = phone.Request(Encoding.UTF8.GetBytes(offer.ToString()), new AgentCallIdentity("telephony", callerDisplay, reservation.RingTimeout));

        if (!await agent.Ringing(reservation.CallId))
        {
            // The reservation is gone (its deadline passed): ringing now would ring an agent the grain gave away.
            logger.LogWarning("Call {CallId}: agent {AgentId} no longer reserved for it; not ringing", reservation.CallId, reservation.AgentId);
            return AgentDialResult.Failed(AgentOfferFailure.ServiceFailure);
        }

        logger.LogInformation("Call {CallId}: ringing agent {AgentId}'s phone {Route}", reservation.CallId, reservation.AgentId, phone.Description);
        var call = await sip.CallAsync(request, callerLeft);
        if (!call.IsAnswered)
        {
            var failure = AgentCallFailures.Of(call.Outcome, call.StatusCode);
            logger.LogInformation("Call {CallId}: agent {AgentId}'s phone did not take the call ({Outcome} {Status}): {Failure}",
                reservation.CallId, reservation.AgentId, call.Outcome, call.StatusCode, failure);
            return await FailAsync(agent, reservation, failure);
        }

        var audio = NegotiatedAudioOf(offer, call.RemoteSdp);
        if (audio is null)
        {
            logger.LogWarning("Call {CallId}: agent {AgentId}'s phone answered without a usable codec; trying another agent", reservation.CallId, reservation.AgentId);
            await call.HangUpAsync();
            return await FailAsync(agent, reservation, AgentOfferFailure.IncompatiblePhone);
        }

        rtp.Start(audio, call.RemoteEndPoint.Address);
        SessionRenegotiation.Attach(call, rtp, answering.Codecs, logger);
        var leg = new SipAgentLeg(reservation, call, rtp);
        if (!await agent.Answered(reservation.CallId))
        {
            logger.LogWarning("Call {CallId}: agent {AgentId} answered after its reservation ended; hanging up the agent", reservation.CallId, reservation.AgentId);
            await leg.HangUpAsync();
            return AgentDialResult.Failed(AgentOfferFailure.ServiceFailure);
        }

        return AgentDialResult.Answered(leg);
    }

    /// <summary>The audio an answer to our offer settles on; null without a usable SDP or codec.</summary>
    internal static NegotiatedAudio? NegotiatedAudioOf(SdpSessionDescription offer, ReadOnlyMemory<byte> answerSdp) =>
        !answerSdp.IsEmpty && SdpSessionDescription.TryParse(Encoding.UTF8.GetString(answerSdp.Span), out var answer, out _)
            ? SdpOfferAnswer.AcceptAnswer(offer, answer!).Audio
            : null;

    private static async Task<AgentDialResult> FailAsync(IAgentGrain agent, AgentReservation reservation, AgentOfferFailure failure)
    {
        await agent.OfferFailed(reservation.CallId, failure);
        return AgentDialResult.Failed(failure);
    }
}
