using System.Net;
using System.Net.Sockets;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Transport;

/// <summary>IPv6 over TCP: a request on [::1] is answered on the same connection, Via host kept in brackets.</summary>
public class Ipv6TcpTests
{
    [Fact]
    public async Task Options_over_tcp_on_ipv6_loopback_is_answered_on_the_connection()
    {
        Assert.True(Socket.OSSupportsIPv6, "this machine has no IPv6: the SIP stack's IPv6 support cannot be checked");
        var options = new SipEndpointOptions { BindAddress = IPAddress.IPv6Loopback, Port = 0 };
        await using var endpoint = new SipEndpoint(options, new ScriptedHandler(), NullSipLog.Instance);
        await endpoint.StartAsync(CancellationToken.None);
        using var client = await TcpPeer.ConnectAsync(endpoint.TcpLocalEndPoint);
        var port = client.Port;
        var request =
            $"OPTIONS sip:ivr@[::1] SIP/2.0\r\nVia: SIP/2.0/TCP [::1]:{port};branch=z9hG4bKv6tcp\r\nMax-Forwards: 70\r\nFrom: <sip:a@[::1]>;tag=1\r\n" +
            "To: <sip:ivr@[::1]>\r\nCall-ID: v6tcp\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

        await client.SendAsync(request);
        var response = Assert.IsType<SipResponse>(await client.ReceiveAsync());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("::1", response.TopVia.Host);
        Assert.Equal("[::1]:" + port, response.TopVia.SentBy);
    }
}
