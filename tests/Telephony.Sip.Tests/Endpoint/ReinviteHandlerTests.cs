using System.Text;
using Telephony.Sip.Tests.Messages;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Endpoint;

/// <summary>re-INVITE inside an answered call: the application answers the new offer (hold / unhold).</summary>
public class ReinviteHandlerTests
{
    private static readonly string HoldOffer = SampleMessages.SoftphoneSdp.Replace("a=sendrecv", string.Empty, StringComparison.Ordinal) + "a=sendonly\r\n";

    [Fact]
    public async Task Hold_offer_is_answered_by_the_reinvite_handler_and_its_ack_is_absorbed()
    {
        var offers = new List<string>();
        await using var fixture = await EndpointFixture.StartAsync(async call =>
        {
            call.ReinviteHandler = async offer =>
            {
                offers.Add(Encoding.ASCII.GetString(offer.Span));
                await Task.Delay(30);
                return Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(AnsweringHandler.AnswerSdp) + "a=recvonly\r\n");
            };
            await call.AnswerAsync(AnsweringHandler.AnswerSdp);
        });
        var (peer, callId, toTag) = await EstablishAsync(fixture);

        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), cseq: 2, toTag: toTag, extraHeaders: "Content-Type: application/sdp\r\n", body: HoldOffer));
        var ok = await peer.ReceiveResponseAsync(200, cseq: 2);
        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), cseq: 2, toTag: toTag));
        // An offerless re-INVITE is answered with the session as it is now (held), not the first answer.
        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), cseq: 3, toTag: toTag));
        var current = await peer.ReceiveResponseAsync(200, cseq: 3);
        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), cseq: 3, toTag: toTag));

        Assert.Contains("a=recvonly", Encoding.ASCII.GetString(ok.Body.Span), StringComparison.Ordinal);
        Assert.Equal(toTag, ok.To.Tag);
        Assert.True(ok.HasContentType("application/sdp"));
        Assert.Equal(ok.Body.ToArray(), current.Body.ToArray());
        Assert.Equal(HoldOffer, Assert.Single(offers));
        Assert.False((await fixture.Handler.FirstCall).Terminated.IsCompleted);
    }

    [Fact]
    public async Task Without_a_handler_the_reinvite_gets_the_original_answer()
    {
        await using var fixture = await EndpointFixture.StartAsync(call => call.AnswerAsync(AnsweringHandler.AnswerSdp));
        var (peer, callId, toTag) = await EstablishAsync(fixture);

        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), cseq: 2, toTag: toTag, extraHeaders: "Content-Type: application/sdp\r\n", body: HoldOffer));
        var ok = await peer.ReceiveResponseAsync(200, cseq: 2);

        Assert.Equal(AnsweringHandler.AnswerSdp, ok.Body.ToArray());
    }

    [Fact]
    public async Task Failing_handler_refuses_the_offer_with_488_and_keeps_the_call()
    {
        await using var fixture = await EndpointFixture.StartAsync(async call =>
        {
            call.ReinviteHandler = _ => throw new InvalidOperationException("no media for this offer");
            await call.AnswerAsync(AnsweringHandler.AnswerSdp);
        });
        var (peer, callId, toTag) = await EstablishAsync(fixture);

        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), cseq: 2, toTag: toTag, extraHeaders: "Content-Type: application/sdp\r\n", body: HoldOffer));
        await peer.ReceiveResponseAsync(488, cseq: 2);
        await peer.SendAsync(peer.Request("BYE", callId, EndpointFixture.NewBranch(), cseq: 3, toTag: toTag));
        await peer.ReceiveResponseAsync(200, cseq: 3);

        var ended = await (await fixture.Handler.FirstCall).Terminated.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(CallTerminationReason.RemoteBye, ended.Reason);
    }

    [Fact]
    public async Task Second_reinvite_while_the_first_is_pending_gets_500_with_retry_after()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fixture = await EndpointFixture.StartAsync(async call =>
        {
            call.ReinviteHandler = async offer =>
            {
                await release.Task;
                return offer;
            };
            await call.AnswerAsync(AnsweringHandler.AnswerSdp);
        });
        var (peer, callId, toTag) = await EstablishAsync(fixture);

        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), cseq: 2, toTag: toTag, extraHeaders: "Content-Type: application/sdp\r\n", body: HoldOffer));
        await peer.ReceiveResponseAsync(100, cseq: 2);
        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), cseq: 3, toTag: toTag, extraHeaders: "Content-Type: application/sdp\r\n", body: HoldOffer));
        var busy = await peer.ReceiveResponseAsync(500, cseq: 3);
        release.SetResult();
        await peer.ReceiveResponseAsync(200, cseq: 2);

        Assert.InRange(int.Parse(busy.Headers.Get("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture), 0, 10);
    }

    private static async Task<(UdpPeer Peer, string CallId, string ToTag)> EstablishAsync(EndpointFixture fixture)
    {
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();
        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));
        var toTag = (await peer.ReceiveResponseAsync(200, cseq: 1)).To.Tag!;
        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), toTag: toTag));
        return (peer, callId, toTag);
    }
}
