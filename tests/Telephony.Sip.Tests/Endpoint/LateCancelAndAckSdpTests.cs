using System.Text;
using Telephony.Sip.Tests.Messages;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Endpoint;

/// <summary>A CANCEL that crosses our 200 OK, and the SDP answer of an offerless INVITE carried in the ACK.</summary>
public class LateCancelAndAckSdpTests
{
    [Fact]
    public async Task A_cancel_arriving_after_the_answer_gets_200_and_leaves_the_call_up()
    {
        await using var fixture = await EndpointFixture.StartAsync(call => call.AnswerAsync(AnsweringHandler.AnswerSdp));
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();
        var branch = EndpointFixture.NewBranch();
        await peer.SendAsync(peer.Request("INVITE", callId, branch, extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));
        var ok = await peer.ReceiveResponseAsync(200);

        await peer.SendAsync(peer.Request("CANCEL", callId, branch));
        // Until our ACK arrives the 200 to the INVITE may be retransmitted (Timer G): wait for the CANCEL's own 200.
        var cancelResponse = await peer.ReceiveResponseAsync(200, method: "CANCEL");

        Assert.Equal(branch, cancelResponse.TopVia.Branch);
        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), toTag: ok.To.Tag));
        var call = await fixture.Handler.FirstCall;
        await Task.Delay(200);
        Assert.False(call.Terminated.IsCompleted);
    }

    [Fact]
    public async Task The_sdp_answer_of_an_offerless_invite_is_read_from_the_ack()
    {
        IncomingCall? answered = null;
        await using var fixture = await EndpointFixture.StartAsync(async call =>
        {
            Assert.True(call.RemoteSdp.IsEmpty);
            await call.AnswerAsync(AnsweringHandler.AnswerSdp); // our offer
            answered = call;
        });
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();
        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch()));
        var ok = await peer.ReceiveResponseAsync(200);

        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), toTag: ok.To.Tag,
            extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));

        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (answered is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.NotNull(answered);
        Assert.Equal(SampleMessages.SoftphoneSdp, Encoding.ASCII.GetString(answered.AckSdp.Span));
    }
}
