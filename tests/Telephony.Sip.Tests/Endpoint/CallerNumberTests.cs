namespace Telephony.Sip.Tests.Endpoint;

/// <summary>
/// The caller's and the dialed number, whether the peer writes them as sip: users or as tel: URIs (RFC 3966):
/// a trunk that sends From: &lt;tel:+33612345678&gt; must not make the caller anonymous.
/// </summary>
public class CallerNumberTests
{
    [Theory]
    [InlineData("<tel:+33612345678>", "+33612345678")]
    [InlineData("\"Jean\" <tel:+33-6-12.34.56.78>", "+33612345678")]
    [InlineData("<tel:+1-(212)-555-0100;isub=12>", "+12125550100")]
    [InlineData("<tel:0612345678;phone-context=+33>", "0612345678")]
    [InlineData("tel:+33612345678", "+33612345678")]
    [InlineData("<sip:+33-6-12-34-56-78@trunk.example.fr;user=phone>", "+33612345678")]
    [InlineData("<sip:0612345678@127.0.0.1>", "0612345678")]
    public async Task Caller_user_is_the_number_of_the_from_uri(string from, string expected)
    {
        var call = await ReceiveCallAsync(from: from);

        Assert.Equal(expected, call.CallerUser);
    }

    [Fact]
    public async Task A_from_without_a_number_has_no_caller_user()
    {
        var call = await ReceiveCallAsync(from: "<sip:127.0.0.1>");

        Assert.Null(call.CallerUser);
    }

    [Fact]
    public async Task Dialed_user_is_the_number_of_a_tel_request_uri()
    {
        var call = await ReceiveCallAsync(requestUri: "tel:+33-809-401-401");

        Assert.Equal("+33809401401", call.DialedUser);
    }

    private static async Task<IncomingCall> ReceiveCallAsync(string? from = null, string? requestUri = null)
    {
        await using var fixture = await EndpointFixture.StartAsync(call => call.RejectAsync(486, "Busy Here"));
        var peer = fixture.Peer;
        var invite = peer.Request("INVITE", EndpointFixture.NewId(), EndpointFixture.NewBranch());
        if (from is not null)
        {
            invite = invite.Replace($"From: \"Caller\" <sip:0612345678@127.0.0.1:{peer.Port}>;tag=peer-tag", $"From: {from};tag=peer-tag", StringComparison.Ordinal);
        }

        if (requestUri is not null)
        {
            invite = invite.Replace($"INVITE sip:3960@127.0.0.1:{fixture.Endpoint.UdpLocalEndPoint.Port} ", $"INVITE {requestUri} ", StringComparison.Ordinal);
        }

        await peer.SendAsync(invite);
        await peer.ReceiveResponseAsync(486);
        return await fixture.Handler.FirstCall;
    }
}
