using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Endpoint;

/// <summary>Hostile input never leaves state behind: after the whole torture corpus every transaction and call is gone.</summary>
public class TortureLeakTests
{
    [TortureFact]
    public async Task Torture_corpus_twice_over_udp_leaves_no_transaction_or_call_behind()
    {
        await using var fixture = await EndpointFixture.StartAsync(call => call.RejectAsync(404, "Not Found"));
        var files = TortureMessages.Names("valid").Select(n => $"valid/{n}.dat").Concat(TortureMessages.Names("invalid").Select(n => $"invalid/{n}.dat")).ToList();

        // Twice: the second round hits live transactions (retransmission path) and merged-request detection.
        foreach (var file in files.Concat(files))
        {
            await fixture.Peer.SendAsync(TortureMessages.Read(file));
        }

        // The valid INVITEs (esc01, inv2543, longreq) reach the handler once processing has caught up.
        for (var i = 0; i < 100 && fixture.Handler.Calls.Count < 3; i++)
        {
            await Task.Delay(20);
        }

        // With the fixture's T1 of 20 ms every timer (J, H, I) is over within 64*T1 = 1.28 s; unacknowledged
        // final responses go to addresses nobody listens on, so only timers can end those transactions.
        for (var i = 0; i < 100 && (fixture.Endpoint.ServerTransactionCount > 0 || fixture.Endpoint.ActiveCallCount > 0); i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, fixture.Endpoint.ServerTransactionCount);
        Assert.Equal(0, fixture.Endpoint.ActiveCallCount);
        Assert.Equal(3, fixture.Handler.Calls.Count);
        Assert.Empty(fixture.Handler.ScriptErrors);
        Assert.DoesNotContain(fixture.Log.Lines, line => line.Contains("Unexpected failure", StringComparison.Ordinal));
    }
}
