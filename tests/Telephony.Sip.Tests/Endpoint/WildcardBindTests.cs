using System.Net;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Endpoint;

public class WildcardBindTests
{
    [Fact]
    public async Task Call_on_an_endpoint_bound_to_any_reports_the_concrete_local_address()
    {
        var handler = new ScriptedHandler(call => call.RejectAsync(486, "Busy Here"));
        await using var endpoint = new SipEndpoint(new SipEndpointOptions { BindAddress = IPAddress.Any, Port = 0 }, handler, NullSipLog.Instance);
        await endpoint.StartAsync(CancellationToken.None);
        using var peer = new UdpPeer(new IPEndPoint(IPAddress.Loopback, endpoint.UdpLocalEndPoint.Port));

        await peer.SendAsync(peer.Request("INVITE", EndpointFixture.NewId(), EndpointFixture.NewBranch()));
        var busy = await peer.ReceiveResponseAsync(486);

        var call = await handler.FirstCall;
        Assert.Equal(IPAddress.Loopback, call.LocalAddress);
        Assert.NotNull(busy.To.Tag);
        Assert.Equal(CallTerminationReason.Rejected, (await call.Terminated).Reason);
    }
}
