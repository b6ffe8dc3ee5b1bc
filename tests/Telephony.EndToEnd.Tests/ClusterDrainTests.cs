using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
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
    private const string Queue = "test.callbacks";

    // Long enough that a callback taken within it was given back, not picked up after the lease ran out.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(90);

    private readonly TestScripts _scripts = new();

    [EndToEndFact(needsKamailio: true)]
    public async Task A_node_stopped_gracefully_leaves_its_waiting_callback_to_the_other_node_which_makes_it_once()
    {
        var trunkPort = FreePorts.Next();
        var settings = CallbackExecutionTests.Settings(_scripts, trunkPort, maxAttempts: 3);
        settings["Callbacks:LeaseSeconds"] = ((int)Lease.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Queue:PresenceCheckSeconds"] = "1";
        await using var cluster = await TelephonyCluster.StartAsync(settings);
        await using var database = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
        var agentId = await cluster.Nodes[0].CreateAgentAsync("3401", "Camille Martin", (Queue, 1));
        await using var phone = SippAgentPhone.Start(
            cluster.Kamailio.Port, "3401", AgentSetup.Password, AgentPhoneBehaviour.AnswersThenHangsUp, await Tones.WriteAsync(1000, muLaw: false),
            answerAfter: TimeSpan.FromMilliseconds(300), talk: TimeSpan.FromSeconds(2), behindProxy: true, registeredFor: TimeSpan.FromMinutes(4));
        await using var trunk = await SippTrunk.StartAsync(trunkPort, CitizenBehaviour.Answers);
        try
        {
            var asked = await CallbackExecutionTests.AskCallbackAsync(cluster.Kamailio.Port, "0612345641", throughProxy: true);
            Assert.True(asked.ExitCode == 0, $"the caller asking for the callback failed ({asked.ExitCode}):\n{asked.Output}");

            // No agent is logged in: the callback waits in its queue, held by the node its reminder fired on.
            var held = await Eventually.ReadAsync(
                () => database.QuerySingleOrDefaultAsync<(string Status, string? ClaimedBy)>("SELECT status, claimed_by FROM callback_requests"),
                done: r => r.Status == "queued" && r.ClaimedBy is not null, within: TimeSpan.FromSeconds(30));
            Assert.True(held.Status == "queued" && held.ClaimedBy is not null, $"the callback is not held in its queue: {held}");
            var stopped = cluster.Nodes.Single(n => held.ClaimedBy!.EndsWith($"-{n.SipPort}", StringComparison.Ordinal));
            var other = cluster.Nodes.Single(n => n != stopped);
            output.WriteLine($"callback held by {held.ClaimedBy}; stopping that node (SIP {stopped.SipPort}) with SIGTERM");
            stopped.Terminate();
            var sinceStop = System.Diagnostics.Stopwatch.StartNew();

            // The other node holds it, with a lease of its own, well before the stopped node's lease would have ended.
            var taken = await Eventually.ReadAsync(
                () => database.QuerySingleAsync<(string Status, string? ClaimedBy)>("SELECT status, claimed_by FROM callback_requests"),
                done: r => r.Status == "queued" && r.ClaimedBy?.EndsWith($"-{other.SipPort}", StringComparison.Ordinal) == true,
                within: Lease);
            var takenAfter = sinceStop.Elapsed;
            Assert.True(taken.ClaimedBy?.EndsWith($"-{other.SipPort}", StringComparison.Ordinal) == true, $"the other node did not take the callback: {taken}");
            output.WriteLine($"the other node took the callback {takenAfter.TotalSeconds:0.0} s after SIGTERM (the stopped node's lease: {Lease.TotalSeconds:0} s)");
            Assert.True(takenAfter < Lease / 3, $"the callback was taken {takenAfter.TotalSeconds:0.0} s after SIGTERM: not given back, the lease ran out");
            var (exited, exitCode) = await stopped.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exited && exitCode == 0, $"the stopped node did not exit cleanly ({exited}, {exitCode})");

            // The agent logs in on the other node: the callback is made there, once.
            await other.LogInWhenRegisteredAsync(agentId, Queue);
            Assert.True(await trunk.WaitAsync(TimeSpan.FromSeconds(60)), "the callback never reached the trunk after the stop");
            output.WriteLine($"the citizen was called {sinceStop.Elapsed.TotalSeconds:0.0} s after SIGTERM");
            var done = await Eventually.ReadAsync(
                () => database.QuerySingleAsync<(string Status, long Attempts, string? ClaimedBy)>("SELECT status, attempts, claimed_by FROM callback_requests"),
                done: r => r.Status == "completed", within: TimeSpan.FromSeconds(30));
            Assert.Equal(("completed", 1L), (done.Status, done.Attempts));
            var records = await Eventually.ReadAsync(
                async () => (await database.QueryAsync<(string AgentId, string Node)>(
                    "SELECT agent_id, node_id FROM call_records WHERE outcome = 'callback_completed'")).ToList(),
                done: r => r.Count >= 1, within: TimeSpan.FromSeconds(30));
            var record = Assert.Single(records);
            Assert.Equal(agentId, record.AgentId);
            Assert.EndsWith($"-{other.SipPort}", record.Node, StringComparison.Ordinal);
            // Once: one call (one Call-ID: its INVITE challenged, then sent again with credentials) reached the trunk.
            var invites = Regex.Matches(trunk.Messages, @"^INVITE sip:\+33612345641@[\s\S]*?^Call-ID: *(\S+)", RegexOptions.Multiline)
                .Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.Single(invites);
        }
        catch
        {
            output.WriteLine(cluster.Output);
            output.WriteLine(trunk.Output + trunk.Messages);
            output.WriteLine(phone.Messages + phone.Errors);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _scripts.Dispose();
        return ValueTask.CompletedTask;
    }
}
