using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Endpoint;

/// <summary>A request whose Via cannot be parsed still gets its 400, sent back to where it came from.</summary>
public class UnroutableViaTests
{
    [TortureFact]
    public async Task Extraneous_separators_in_via_are_answered_400_to_the_source()
    {
        await using var fixture = await EndpointFixture.StartAsync();

        await fixture.Peer.SendAsync(TortureMessages.Read("invalid/badinv01.dat"));
        // The answer echoes the broken Via (RFC 3261 §8.2.6.2 copies it), so it is read as text, not parsed.
        var response = await fixture.Peer.ReceiveTextAsync();

        Assert.StartsWith("SIP/2.0 400 ", response, StringComparison.Ordinal);
        Assert.Empty(fixture.Handler.Calls);
    }
}
