using System.Net;
using System.Net.Sockets;
using System.Text;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Endpoint;

public class TcpTransportTests
{
    [Fact]
    public async Task Tcp_request_is_answered_on_the_same_connection()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var client = await TcpPeer.ConnectAsync(fixture.Endpoint.TcpLocalEndPoint);

        await client.SendAsync(TcpOptions(client.Port, "tcp-1") + TcpOptions(client.Port, "tcp-2"));
        var first = await client.ReceiveAsync();
        var second = await client.ReceiveAsync();

        Assert.Equal(("tcp-1", 200), (first.CallId, ((SipResponse)first).StatusCode));
        Assert.Equal(("tcp-2", 200), (second.CallId, ((SipResponse)second).StatusCode));
        Assert.Equal(fixture.Endpoint.UdpLocalEndPoint.Port, fixture.Endpoint.TcpLocalEndPoint.Port);
    }

    [Fact]
    public async Task Tcp_message_without_content_length_closes_the_connection()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var client = await ConnectAsync(fixture.Endpoint.TcpLocalEndPoint);
        var local = (IPEndPoint)client.Client.LocalEndPoint!;
        var withoutLength = TcpOptions(local.Port, "no-length").Replace("Content-Length: 0\r\n", string.Empty, StringComparison.Ordinal);

        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(withoutLength));

        Assert.Equal(0, await ReadOrZeroAsync(client));
    }

    [Fact]
    public async Task Idle_tcp_connection_is_closed()
    {
        await using var fixture = await EndpointFixture.StartAsync(configure: o => o.TcpIdleTimeout = TimeSpan.FromMilliseconds(300));
        using var client = await ConnectAsync(fixture.Endpoint.TcpLocalEndPoint);

        Assert.Equal(0, await ReadOrZeroAsync(client));
    }

    [Fact]
    public async Task Connections_beyond_the_limit_are_refused()
    {
        await using var fixture = await EndpointFixture.StartAsync(configure: o => o.MaxTcpConnections = 1);
        using var first = await TcpPeer.ConnectAsync(fixture.Endpoint.TcpLocalEndPoint);
        // Answered: the endpoint has accepted the first connection and counts it.
        await first.SendAsync(TcpOptions(first.Port, "first"));
        await first.ReceiveResponseAsync(200);
        using var second = await ConnectAsync(fixture.Endpoint.TcpLocalEndPoint);

        Assert.Equal(0, await ReadOrZeroAsync(second));
    }

    [Fact]
    public async Task Endpoint_binds_ipv6_loopback_with_an_ephemeral_port()
    {
        Assert.True(Socket.OSSupportsIPv6, "this machine has no IPv6: the SIP stack's IPv6 support cannot be checked");

        var options = new SipEndpointOptions { BindAddress = IPAddress.IPv6Loopback, Port = 0 };
        await using var endpoint = new SipEndpoint(options, new ScriptedHandler(), NullSipLog.Instance);
        await endpoint.StartAsync(CancellationToken.None);
        using var peer = new UdpClient(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        var port = ((IPEndPoint)peer.Client.LocalEndPoint!).Port;
        var request =
            $"OPTIONS sip:ivr@[::1] SIP/2.0\r\nVia: SIP/2.0/UDP [::1]:{port};branch=z9hG4bKv6\r\nFrom: <sip:a@[::1]>;tag=1\r\n" +
            "To: <sip:ivr@[::1]>\r\nCall-ID: v6\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

        await peer.SendAsync(Encoding.ASCII.GetBytes(request), endpoint.UdpLocalEndPoint);
        using var timeout = new CancellationTokenSource(3000);
        var response = SipParser.Parse((await peer.ReceiveAsync(timeout.Token)).Buffer);

        Assert.NotEqual(0, endpoint.UdpLocalEndPoint.Port);
        Assert.Equal(200, ((SipResponse)response).StatusCode);
    }

    private static string TcpOptions(int port, string callId) =>
        $"OPTIONS sip:ivr@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:{port};branch=z9hG4bK{callId}\r\nMax-Forwards: 70\r\n" +
        $"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:ivr@127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    private static async Task<TcpClient> ConnectAsync(IPEndPoint endPoint)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(endPoint);
        return client;
    }

    private static async Task<int> ReadOrZeroAsync(TcpClient client)
    {
        using var timeout = new CancellationTokenSource(3000);
        try
        {
            return await client.GetStream().ReadAsync(new byte[100], timeout.Token);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
