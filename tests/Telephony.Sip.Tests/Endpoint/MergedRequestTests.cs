using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests.Endpoint;

/// <summary>RFC 3261 §8.2.2.2: the same request arriving twice along different paths is answered 482.</summary>
public class MergedRequestTests
{
    [Fact]
    public async Task Invite_with_the_same_identity_but_another_branch_gets_482_and_the_first_call_goes_on()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fixture = await EndpointFixture.StartAsync(async call =>
        {
            await call.SendProvisionalAsync();
            await release.Task;
            await call.RejectAsync(486, "Busy Here");
        });
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();

        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch()));
        await peer.ReceiveResponseAsync(180);
        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch()));
        var loop = await peer.ReceiveResponseAsync(482);
        release.SetResult();
        var busy = await peer.ReceiveResponseAsync(486);

        Assert.Equal("Loop Detected", loop.ReasonPhrase);
        Assert.NotEqual(loop.TopVia.Branch, busy.TopVia.Branch);
        Assert.Single(fixture.Handler.Calls);
    }

    [Fact]
    public async Task Retransmission_with_the_same_branch_is_not_a_merged_request()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        var peer = fixture.Peer;
        var request = peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch());

        await peer.SendAsync(request);
        await peer.ReceiveResponseAsync(200);
        await peer.SendAsync(request);
        var again = Assert.IsType<SipResponse>(await peer.ReceiveAsync());

        Assert.Equal(200, again.StatusCode);
    }

    [Fact]
    public async Task Same_identity_is_accepted_again_once_the_first_transaction_is_over()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();

        await peer.SendAsync(peer.Request("OPTIONS", callId, EndpointFixture.NewBranch()));
        await peer.ReceiveResponseAsync(200);
        // Timer J (64*T1 on UDP, 1.28 s with the fixture's T1) ends the first transaction.
        for (var i = 0; i < 100 && fixture.Endpoint.ServerTransactionCount > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, fixture.Endpoint.ServerTransactionCount);
        await peer.SendAsync(peer.Request("OPTIONS", callId, EndpointFixture.NewBranch()));
        var response = Assert.IsType<SipResponse>(await peer.ReceiveAsync());

        Assert.Equal(200, response.StatusCode);
    }
}
