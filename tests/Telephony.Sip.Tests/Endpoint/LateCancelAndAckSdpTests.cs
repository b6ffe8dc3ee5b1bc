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

        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), toTag: ok.To.Tag));
        // Had the CANCEL ended the call, its dialog would be gone and this BYE would get 481.
        await peer.SendAsync(peer.Request("BYE", callId, EndpointFixture.NewBranch(), cseq: 2, toTag: ok.To.Tag));
        await peer.ReceiveResponseAsync(200, cseq: 2, method: "BYE");

        Assert.Equal(branch, cancelResponse.TopVia.Branch);
        var ended = await (await fixture.Handler.FirstCall).Terminated.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(CallTerminationReason.RemoteBye, ended.Reason);
    }

    [Fact]
    public async Task The_sdp_answer_of_an_offerless_invite_is_read_from_the_ack()
    {
        var answered = new TaskCompletionSource<IncomingCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fixture = await EndpointFixture.StartAsync(async call =>
        {
            Assert.True(call.RemoteSdp.IsEmpty);
            // Our offer; AnswerAsync completes once the ACK carrying the caller's answer has arrived.
            await call.AnswerAsync(AnsweringHandler.AnswerSdp);
            answered.SetResult(call);
        });
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();
        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch()));
        var ok = await peer.ReceiveResponseAsync(200);

        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), toTag: ok.To.Tag,
            extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));

        var call = await answered.Task.WaitAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(SampleMessages.SoftphoneSdp, Encoding.ASCII.GetString(call.AckSdp.Span));
    }
}
