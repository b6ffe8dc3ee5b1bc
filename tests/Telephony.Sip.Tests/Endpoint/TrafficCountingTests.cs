using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Messages;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Endpoint;

/// <summary>What the endpoint tells its <see cref="ISipTrafficCounter"/>: every request received, every response sent.</summary>
public class TrafficCountingTests
{
    [Fact]
    public async Task A_whole_call_counts_invite_ack_bye_received_and_each_response_sent_with_its_cseq_method()
    {
        var traffic = new RecordingTrafficCounter();
        await using var fixture = await EndpointFixture.StartAsync(
            async call =>
            {
                await call.SendProvisionalAsync();
                await call.AnswerAsync(AnsweringHandler.AnswerSdp);
            },
            traffic: traffic);
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();

        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));
        var toTag = (await peer.ReceiveResponseAsync(200)).To.Tag!;
        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), toTag: toTag));
        await peer.SendAsync(peer.Request("BYE", callId, EndpointFixture.NewBranch(), cseq: 2, toTag: toTag));
        await peer.ReceiveResponseAsync(200, cseq: 2);

        // On a loaded machine the 2xx may be sent again (Timer G) before our ACK reaches the endpoint: each of those
        // retransmissions is rightly counted (the next test shows it), so they are folded here, not forbidden.
        Assert.Equal(["> INVITE", "< INVITE 100", "< INVITE 180", "< INVITE 200", "> ACK", "> BYE", "< BYE 200"], WithoutRepeatedAnswers(traffic.Events));
    }

    private static List<string> WithoutRepeatedAnswers(IEnumerable<string> events)
    {
        var folded = new List<string>();
        foreach (var e in events)
        {
            if (!(e == "< INVITE 200" && folded.Count > 0 && folded[^1] == e))
            {
                folded.Add(e);
            }
        }

        return folded;
    }

    [Fact]
    public async Task A_retransmitted_request_counts_again_and_so_does_the_response_sent_again()
    {
        var traffic = new RecordingTrafficCounter();
        await using var fixture = await EndpointFixture.StartAsync(traffic: traffic);
        var options = fixture.Peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch());

        await fixture.Peer.SendAsync(options);
        await fixture.Peer.ReceiveResponseAsync(200);
        await fixture.Peer.SendAsync(options);
        await fixture.Peer.ReceiveResponseAsync(200);

        Assert.Equal(["> OPTIONS", "< OPTIONS 200", "> OPTIONS", "< OPTIONS 200"], traffic.Events);
    }

    [Fact]
    public async Task An_unknown_method_and_a_malformed_request_are_counted_as_written_with_their_error_responses()
    {
        var traffic = new RecordingTrafficCounter();
        await using var fixture = await EndpointFixture.StartAsync(traffic: traffic);

        await fixture.Peer.SendAsync(fixture.Peer.Request("FROBNICATE", EndpointFixture.NewId(), EndpointFixture.NewBranch()));
        Assert.Equal(501, ((SipResponse)await fixture.Peer.ReceiveAsync()).StatusCode);
        await fixture.Peer.SendAsync(fixture.Peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch(), cseqMethod: "INVITE"));
        Assert.Equal(400, ((SipResponse)await fixture.Peer.ReceiveAsync()).StatusCode);

        // The 400 echoes the request's CSeq, so it is counted under the CSeq's method; bounding methods is the host's job.
        Assert.Equal(["> FROBNICATE", "< FROBNICATE 501", "> OPTIONS", "< INVITE 400"], traffic.Events);
    }
}
