using System.Net;
using System.Text;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Endpoint;
using Telephony.Sip.Tests.Support;
using Telephony.Sip.Transport;
using Telephony.Sip.Uac;

namespace Telephony.Sip.Tests.Uac;

/// <summary>
/// Calling a phone registered through a proxy (RFC 3327): the INVITE goes to the path's first hop carrying the path
/// as Route, addressed to the phone's Contact; the rest of the dialog follows the proxy's Record-Route.
/// </summary>
public class PathCallTests
{
    private const string Contact = "sip:agent1@10.255.255.1:5062";
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\n";
    private const string Answer = "v=0\r\no=- 2 2 IN IP4 10.255.255.1\r\ns=-\r\nc=IN IP4 10.255.255.1\r\nt=0 0\r\nm=audio 40004 RTP/AVP 0\r\n";

    [Fact]
    public async Task Invite_ack_and_bye_go_to_the_proxy_of_the_path_with_its_route()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var proxy = new UdpPeer(fixture.Endpoint.UdpLocalEndPoint);
        var path = $"<sip:127.0.0.1:{proxy.Port};lr;received=sip:203.0.113.7%3A40500>";
        SipUri.TryParse(Contact, out var contact);

        var calling = fixture.Endpoint.CallAsync(new OutgoingCallRequest(contact!, [path], Encoding.ASCII.GetBytes(Offer)), CancellationToken.None);
        var invite = await proxy.ReceiveRequestAsync("INVITE");
        var recordRoute = $"<sip:127.0.0.1:{proxy.Port};lr>";
        await proxy.SendAsync(FakeUas.Response(invite, 200, "OK", extraHeaders: $"Record-Route: {recordRoute}\r\nContact: <{Contact}>\r\n", body: Answer));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));
        var ack = await proxy.ReceiveRequestAsync("ACK");
        var hangingUp = call.HangUpAsync();
        var bye = await proxy.ReceiveRequestAsync("BYE");
        await proxy.SendAsync(FakeUas.Response(bye, 200, "OK", toTag: null));
        await hangingUp.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(call.IsAnswered);
        Assert.Equal(Contact, invite.RequestUri.ToString());
        Assert.Equal([path], invite.Headers.GetLines("Route"));
        Assert.Equal(Contact, ack.RequestUri.ToString());
        Assert.Equal([recordRoute], ack.Headers.GetLines("Route"));
        Assert.Equal([recordRoute], bye.Headers.GetLines("Route"));
    }

    [Fact]
    public async Task A_ringing_phone_behind_the_proxy_is_cancelled_through_it_with_the_same_route()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var proxy = new UdpPeer(fixture.Endpoint.UdpLocalEndPoint);
        var path = $"<sip:127.0.0.1:{proxy.Port};lr>";
        SipUri.TryParse(Contact, out var contact);
        using var giveUp = new CancellationTokenSource();

        var calling = fixture.Endpoint.CallAsync(new OutgoingCallRequest(contact!, [path], Encoding.ASCII.GetBytes(Offer)), giveUp.Token);
        var invite = await proxy.ReceiveRequestAsync("INVITE");
        await proxy.SendAsync(FakeUas.Response(invite, 180, "Ringing"));
        await giveUp.CancelAsync();
        var cancel = await proxy.ReceiveRequestAsync("CANCEL");
        await proxy.SendAsync(FakeUas.Response(cancel, 200, "OK"));
        await proxy.SendAsync(FakeUas.Response(invite, 487, "Request Terminated"));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(OutgoingCallOutcome.Cancelled, call.Outcome);
        Assert.Equal([path], cancel.Headers.GetLines("Route"));
    }

    [Theory]
    [InlineData("<sip:proxy.example.org;lr>")]
    [InlineData("not a uri")]
    public void A_path_whose_first_hop_is_not_an_address_is_refused(string hop)
    {
        SipUri.TryParse(Contact, out var contact);

        Assert.Throws<ArgumentException>(() => new OutgoingCallRequest(contact!, [hop], ReadOnlyMemory<byte>.Empty));
        Assert.Throws<ArgumentException>(() => new OutgoingCallRequest(contact!, Array.Empty<string>(), ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void A_binding_with_a_path_is_called_through_its_first_hop_and_one_without_over_its_flow()
    {
        SipUri.TryParse(Contact, out var contact);
        var proxy = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 5060);
        var flow = new SipFlow(SipTransportKind.Udp, proxy, new IPEndPoint(IPAddress.Loopback, 5070), null);
        var plain = new Telephony.Sip.Registrar.SipBinding("sip:agent1@127.0.0.1", contact!, flow, DateTimeOffset.UtcNow.AddMinutes(5), "c", 1);
        var relayed = plain with { Path = ["<sip:192.0.2.1:5080;lr>"] };

        var direct = new OutgoingCallRequest(plain, ReadOnlyMemory<byte>.Empty);
        var throughProxy = new OutgoingCallRequest(relayed, ReadOnlyMemory<byte>.Empty);

        Assert.Same(flow, direct.PinnedFlow);
        Assert.Empty(direct.RouteSet);
        Assert.Null(throughProxy.PinnedFlow);
        Assert.Equal(["<sip:192.0.2.1:5080;lr>"], throughProxy.RouteSet);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 5080), throughProxy.Destination);
    }

    [Fact]
    public void The_first_hops_transport_parameter_chooses_tcp()
    {
        SipUri.TryParse(Contact, out var contact);

        var request = new OutgoingCallRequest(contact!, ["<sip:192.0.2.1:5070;transport=tcp;lr>"], ReadOnlyMemory<byte>.Empty);

        Assert.Equal((new IPEndPoint(IPAddress.Parse("192.0.2.1"), 5070), SipTransportKind.Tcp), (request.Destination, request.Transport));
        Assert.Null(request.PinnedFlow);
    }
}
