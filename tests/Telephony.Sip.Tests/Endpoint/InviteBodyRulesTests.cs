using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests.Endpoint;

/// <summary>INVITEs whose body or Accept we cannot honour are refused before any call is offered.</summary>
public class InviteBodyRulesTests
{
    [Theory]
    [InlineData("Content-Type: application/unknownformat\r\n", "body", 415)]
    [InlineData("Content-Type: application/sdp\r\nContent-Encoding: gzip\r\n", "v=0\r\n", 415)]
    [InlineData("Accept: text/nobodyKnowsThis\r\n", "", 406)]
    public async Task Unreadable_body_or_unacceptable_accept_is_refused_without_a_call(string headers, string body, int expected)
    {
        await using var fixture = await EndpointFixture.StartAsync();

        await fixture.Peer.SendAsync(fixture.Peer.Request("INVITE", EndpointFixture.NewId(), EndpointFixture.NewBranch(), extraHeaders: headers, body: body));
        var response = Assert.IsType<SipResponse>(await fixture.Peer.ReceiveAsync());

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(fixture.Handler.Calls);
        if (expected == 415 && headers.Contains("gzip", StringComparison.Ordinal))
        {
            Assert.Equal("identity", response.Headers.Get("Accept-Encoding"));
        }
        else if (expected == 415)
        {
            Assert.Equal("application/sdp", response.Headers.Get("Accept"));
        }
    }

    [Theory]
    [InlineData("Accept: application/sdp;level=1, text/html\r\n")]
    [InlineData("Accept: */*\r\n")]
    [InlineData("")]
    public async Task Invite_accepting_sdp_reaches_the_handler(string headers)
    {
        await using var fixture = await EndpointFixture.StartAsync(call => call.RejectAsync(486, "Busy Here"));

        await fixture.Peer.SendAsync(fixture.Peer.Request("INVITE", EndpointFixture.NewId(), EndpointFixture.NewBranch(), extraHeaders: headers));

        await fixture.Peer.ReceiveResponseAsync(486);
        Assert.Single(fixture.Handler.Calls);
    }
}
