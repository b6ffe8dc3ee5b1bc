using System.Net.Sockets;
using Telephony.Sip.Tests.Messages;
using Telephony.Sip.Protection;
using Telephony.Sip.Tests.Endpoint;

namespace Telephony.Sip.Tests.Protection;

/// <summary>The endpoint applying its protection: INVITEs counted until acknowledged, trunk ranges, bans.</summary>
public class EndpointProtectionTests
{
    private static readonly byte[] Answer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n"u8.ToArray();

    [Fact]
    public async Task Acknowledged_calls_free_their_place_so_a_caller_never_reaches_the_unacknowledged_limit()
    {
        await using var fixture = await EndpointFixture.StartAsync(call => call.AnswerAsync(Answer), o => o.Protection = new SipProtectionOptions { MaxInvitesWithoutAck = 2 });
        var peer = fixture.Peer;

        for (var call = 0; call < 10; call++)
        {
            var callId = EndpointFixture.NewId();
            await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));
            var ok = await peer.ReceiveResponseAsync(200, callId: callId);
            await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), toTag: ok.To.Tag));
        }

        Assert.False(fixture.Endpoint.Guard!.IsBanned(System.Net.IPAddress.Loopback));
    }

    [Fact]
    public async Task Unacknowledged_invites_over_the_limit_ban_the_source_and_it_gets_nothing_more()
    {
        await using var fixture = await EndpointFixture.StartAsync(call => call.AnswerAsync(Answer), o => o.Protection = new SipProtectionOptions { MaxInvitesWithoutAck = 2 });
        var peer = fixture.Peer;

        for (var call = 0; call < 2; call++)
        {
            await peer.SendAsync(peer.Request("INVITE", EndpointFixture.NewId(), EndpointFixture.NewBranch(), extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));
            await peer.ReceiveResponseAsync(200);
        }

        await peer.SendAsync(peer.Request("INVITE", EndpointFixture.NewId(), EndpointFixture.NewBranch(), extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));

        // The ban is set, then logged: wait for both (waiting for the ban alone raced the log line).
        await UntilAsync(() => fixture.Endpoint.Guard!.IsBanned(System.Net.IPAddress.Loopback)
            && fixture.Log.Lines.ToArray().Any(l => l.Contains("banned 127.0.0.1", StringComparison.Ordinal)));
        Assert.Contains(fixture.Log.Lines, l => l.Contains("banned 127.0.0.1", StringComparison.Ordinal) && l.Contains("invites_in_flight", StringComparison.Ordinal));
        Assert.Equal(2, fixture.Endpoint.ServerTransactionCount); // the third INVITE never became a transaction
    }

    [Fact]
    public async Task An_invite_from_outside_the_trunk_ranges_gets_403_and_starts_no_call_while_options_still_answer()
    {
        await using var fixture = await EndpointFixture.StartAsync(call => call.AnswerAsync(Answer), o => o.Protection = new SipProtectionOptions { TrunkRanges = [IpNetwork.Parse("192.0.2.0/24")] });
        var peer = fixture.Peer;

        await peer.SendAsync(peer.Request("INVITE", EndpointFixture.NewId(), EndpointFixture.NewBranch(), extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));
        var refused = await peer.ReceiveResponseAsync(403);
        await peer.SendAsync(peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch()));
        await peer.ReceiveResponseAsync(200);

        Assert.Equal("Forbidden", refused.ReasonPhrase);
        Assert.False(fixture.Handler.FirstCall.IsCompleted);
    }

    [Fact]
    public async Task A_tcp_connection_over_the_per_address_limit_is_closed_at_once()
    {
        await using var fixture = await EndpointFixture.StartAsync(configure: o => o.Protection = new SipProtectionOptions { MaxTcpConnectionsPerAddress = 2 });
        var sockets = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(fixture.Endpoint.TcpLocalEndPoint);
                sockets.Add(client);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var read = await sockets[2].GetStream().ReadAsync(new byte[16], wait.Token);
            Assert.Equal(0, read); // closed by the server before anything was said
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Waits for a condition the receive loop makes true (at most 5 s).</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never became true");
            await Task.Delay(10);
        }
    }
}
