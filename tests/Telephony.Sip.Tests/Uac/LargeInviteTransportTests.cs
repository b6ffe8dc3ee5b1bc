using System.Net;
using System.Text;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Endpoint;
using Telephony.Sip.Uac;

namespace Telephony.Sip.Tests.Uac;

/// <summary>RFC 3261 §18.1.1: an INVITE over 1300 bytes goes over TCP, and over UDP when the peer refuses TCP.</summary>
public class LargeInviteTransportTests
{
    // A realistic offer grown past the UDP limit by many codecs' attributes (some trunks offer a dozen).
    private static readonly string LargeOffer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0 8 101\r\n"
        + string.Concat(Enumerable.Range(0, 40).Select(i => $"a=x-capability-{i}:some-vendor-specific-parameter\r\n"));

    private const string SmallOffer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\n";

    [Fact]
    public async Task A_large_invite_reaches_a_tcp_capable_peer_over_tcp_and_a_small_one_over_udp()
    {
        var transports = new List<string>();
        await using var callee = await StartBusyCalleeAsync(transports);
        // With port 0 the endpoint binds UDP and TCP on the same number, so one destination serves both.
        var port = callee.Endpoint.UdpLocalEndPoint.Port;
        Assert.Equal(port, callee.Endpoint.TcpLocalEndPoint.Port);
        await using var caller = await EndpointFixture.StartAsync();
        var destination = new IPEndPoint(IPAddress.Loopback, port);

        var large = await caller.Endpoint.CallAsync(new OutgoingCallRequest(SipUri.Parse($"sip:3960@127.0.0.1:{port}"), destination, Encoding.ASCII.GetBytes(LargeOffer)), CancellationToken.None);
        var small = await caller.Endpoint.CallAsync(new OutgoingCallRequest(SipUri.Parse($"sip:3960@127.0.0.1:{port}"), destination, Encoding.ASCII.GetBytes(SmallOffer)), CancellationToken.None);

        Assert.Equal(486, large.StatusCode);
        Assert.Equal(486, small.StatusCode);
        Assert.Equal(["TCP", "UDP"], transports);
    }

    [Fact]
    public async Task With_a_configured_path_mtu_a_mid_sized_invite_goes_over_tcp()
    {
        var transports = new List<string>();
        await using var callee = await StartBusyCalleeAsync(transports);
        var port = callee.Endpoint.UdpLocalEndPoint.Port;
        // A 1000-byte path (a VPN to a trunk, say) leaves room for 800 bytes over UDP: an INVITE of about 900 goes over TCP.
        await using var caller = await EndpointFixture.StartAsync(configure: options => options.PathMtu = 1000);
        var destination = new IPEndPoint(IPAddress.Loopback, port);
        var midSized = SmallOffer + string.Concat(Enumerable.Range(0, 8).Select(i => $"a=x-capability-{i}:some-vendor-specific-parameter\r\n"));

        await using var unknownMtuCaller = await EndpointFixture.StartAsync();
        var request = new OutgoingCallRequest(SipUri.Parse($"sip:3960@127.0.0.1:{port}"), destination, Encoding.ASCII.GetBytes(midSized));

        var call = await caller.Endpoint.CallAsync(request, CancellationToken.None);
        var unknownMtuCall = await unknownMtuCaller.Endpoint.CallAsync(request, CancellationToken.None);

        Assert.Equal(486, call.StatusCode);
        Assert.Equal(486, unknownMtuCall.StatusCode);
        Assert.Equal(["TCP", "UDP"], transports);
    }

    [Fact]
    public async Task A_large_invite_falls_back_to_udp_when_the_peer_refuses_tcp()
    {
        await using var caller = await EndpointFixture.StartAsync();
        using var uas = new FakeUas(caller.Endpoint.UdpLocalEndPoint); // UDP only: TCP connections are refused.
        var calling = caller.Endpoint.CallAsync(
            new OutgoingCallRequest(SipUri.Parse("sip:0612345678@127.0.0.1"), uas.EndPoint, Encoding.ASCII.GetBytes(LargeOffer)), CancellationToken.None);

        var invite = await uas.ReceiveAsync("INVITE");
        await uas.SendAsync(FakeUas.Response(invite, 486, "Busy Here"));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("UDP", invite.TopVia.Transport);
        Assert.Equal(LargeOffer, Encoding.ASCII.GetString(invite.Body.Span));
        Assert.Equal(486, call.StatusCode);
        Assert.Contains(caller.Log.Lines, line => line.Contains("retrying the large INVITE over UDP", StringComparison.Ordinal));
    }

    /// <summary>A callee that answers every INVITE 486 and notes the transport of its Via (TCP or UDP), in arrival order.</summary>
    private static Task<EndpointFixture> StartBusyCalleeAsync(List<string> transports) =>
        EndpointFixture.StartAsync(call =>
        {
            lock (transports)
            {
                transports.Add(call.Invite.TopVia.Transport);
            }

            return call.RejectAsync(486, "Busy Here");
        });
}
