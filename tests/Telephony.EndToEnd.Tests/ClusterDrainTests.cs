using Dapper;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// A graceful stop (SIGTERM) of the node holding a waiting callback on a two-node cluster: the node gives the callback
/// back as it stops, so the other node takes it at its reminder's next tick, long before the stopped node's lease
/// would have ended, and makes it once an agent is there: one call to the trunk, one record, attempt 1.
/// </summary>
public sealed class ClusterDrainTests(ITestOutputHelper output) : IAsyncDisposable
{
    // Long enough that a callback taken within it was given back, not picked up after the lease ran out.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(90);

    private readonly TestScripts _scripts = new();

    [EndToEndFact(needsKamailio: true)]
    public async Task A_node_stopped_gracefully_leaves_its_waiting_callback_to_the_other_node_which_makes_it_once()
    {
        await using var scene = await HeldCallbackCluster.StartAsync(_scripts, "3401", "0612345641", new Dictionary<string, string>
        {
            ["Callbacks:LeaseSeconds"] = ((int)Lease.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Queue:PresenceCheckSeconds"] = "1",
        });
        try
        {
            var (stopped, other, heldBy) = await scene.AskAndHoldAsync();
            output.WriteLine($"callback held by {heldBy}; stopping that node (SIP {stopped.SipPort}) with SIGTERM");
            stopped.Terminate();
            var sinceStop = System.Diagnostics.Stopwatch.StartNew();

            // The other node holds it, with a lease of its own, well before the stopped node's lease would have ended.
            var taken = await Eventually.ReadAsync(
                () => scene.Database.QuerySingleAsync<(string Status, string? ClaimedBy)>("SELECT status, claimed_by FROM callback_requests"),
                done: r => r.Status == "queued" && r.ClaimedBy?.EndsWith($"-{other.SipPort}", StringComparison.Ordinal) == true,
                within: Lease);
            var takenAfter = sinceStop.Elapsed;
            Assert.True(taken.ClaimedBy?.EndsWith($"-{other.SipPort}", StringComparison.Ordinal) == true, $"the other node did not take the callback: {taken}");
            output.WriteLine($"the other node took the callback {takenAfter.TotalSeconds:0.0} s after SIGTERM (the stopped node's lease: {Lease.TotalSeconds:0} s)");
            Assert.True(takenAfter < Lease / 3, $"the callback was taken {takenAfter.TotalSeconds:0.0} s after SIGTERM: not given back, the lease ran out");
            var (exited, exitCode) = await stopped.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exited && exitCode == 0, $"the stopped node did not exit cleanly ({exited}, {exitCode})");

            // The agent logs in on the other node: the callback is made there, once.
            await other.LogInWhenRegisteredAsync(scene.AgentId, HeldCallbackCluster.Queue);
            Assert.True(await scene.Trunk!.WaitAsync(TimeSpan.FromSeconds(60)), "the callback never reached the trunk after the stop");
            output.WriteLine($"the citizen was called {sinceStop.Elapsed.TotalSeconds:0.0} s after SIGTERM");
            await scene.AssertMadeOnceByAsync(other);
        }
        catch
        {
            output.WriteLine(scene.Diagnostics);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _scripts.Dispose();
        return ValueTask.CompletedTask;
    }
}
