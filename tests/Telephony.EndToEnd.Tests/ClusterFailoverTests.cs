using Dapper;
using Npgsql;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// <c>kill -9</c> of the node holding a queue's grain while callers wait on both nodes: the survivor's callers re-join
/// the queue (now on the survivor) from their own node and are served, Kamailio's probe takes the dead node out, and
/// new calls through Kamailio are answered by the survivor; every call has its record, the dead node's calls closed
/// as <c>node_lost</c> by the survivor.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private const string Queue = "cnav.retraite";
    private static readonly Dictionary<string, string> Cnav = new() { ["network"] = "CNAV", ["line"] = "3960" };
    private static readonly Dictionary<string, string> Waiting = new() { ["network"] = "CNAV", ["queue"] = Queue };

    [EndToEndFact(needsKamailio: true)]
    public async Task The_queue_goes_on_from_the_survivor_when_the_node_holding_it_dies_and_new_calls_reach_the_survivor()
    {
        await using var cluster = await TelephonyCluster.StartAsync(new Dictionary<string, string> { ["Queue:PresenceCheckSeconds"] = "1" });
        var agentId = await cluster.Nodes[0].CreateAgentAsync("3201", "Camille Martin", (Queue, 1));
        await using var phone = SippAgentPhone.Start(
            cluster.Kamailio.Port, "3201", AgentSetup.Password, AgentPhoneBehaviour.AnswersThenHangsUp, await Tones.WriteAsync(1000, muLaw: false),
            answerAfter: TimeSpan.FromMilliseconds(300), talk: TimeSpan.FromSeconds(2), behindProxy: true);
        var callers = new List<Task<SippRun>>();
        try
        {
            var registered = await cluster.Nodes[0].PollAdminAsync($"/admin/agents/{agentId}", a => a.GetProperty("state").GetProperty("registered").GetBoolean());
            Assert.True(registered.GetProperty("state").GetProperty("registered").GetBoolean(), $"the agent's phone did not register through Kamailio: {registered}");

            // Callers (each their own number, speaking) through Kamailio until each node holds one waiting in the queue:
            // nobody is Ready yet.
            var voice = await Tones.WriteAsync(440, muLaw: false, seconds: 120);
            var perNode = new double[cluster.Nodes.Count];
            while (perNode.Any(count => count == 0) && callers.Count < 4)
            {
                var waiter = DtmfCallScenario.Write(
                    [new KeyPress('1', TimeSpan.FromMilliseconds(3500), ViaSipInfo: true)], TimeSpan.Zero, serviceHangsUp: true, voice: voice,
                    byeWithin: TimeSpan.FromSeconds(75), throughProxy: true, callerNumber: $"06123456{10 + callers.Count}");
                callers.Add(Sipp.RunScenarioAsync(waiter, "3960", cluster.Kamailio.Port, Sipp.NextMediaPort(), TimeSpan.FromSeconds(120)));
                var expected = callers.Count;
                perNode = await Eventually.ReadAsync(() => WaitingPerNodeAsync(cluster), done: counts => counts.Sum() == expected, within: TimeSpan.FromSeconds(20));
            }

            Assert.True(perNode.All(count => count >= 1), $"callers do not wait on both nodes: {string.Join(", ", perNode)}");

            var (_, placement) = await cluster.Nodes[0].AdminJsonAsync(HttpMethod.Get, "/admin/cluster");
            var queueNode = placement.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("id").GetString() == Queue).GetProperty("node").GetString();
            Assert.True(queueNode is not null, $"the queue's grain is nowhere: {placement}");
            var dead = cluster.NodeOf(queueNode!);
            var survivor = cluster.Nodes.Single(n => n != dead);
            var survivorWaiting = perNode[cluster.Nodes.ToList().IndexOf(survivor)];
            output.WriteLine($"queue {Queue} on silo {dead.SiloPort}; killing it; {survivorWaiting} caller(s) wait on the survivor");
            await dead.KillAsync();
            var sinceKill = System.Diagnostics.Stopwatch.StartNew();

            // Kamailio's OPTIONS probe takes the dead node out.
            var down = $"node sip:127.0.0.1:{dead.SipPort} is down";
            Assert.Contains(down, await Eventually.ReadAsync(() => Task.FromResult(cluster.Kamailio.Output), done: o => o.Contains(down, StringComparison.Ordinal), within: TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
            output.WriteLine($"Kamailio took the dead node out {sinceKill.Elapsed.TotalSeconds:0.0} s after the kill");

            // Once Orleans declares the silo dead, the queue comes back empty on the survivor and its callers re-join it.
            const string rejoined = "had lost the call; re-joined";
            Assert.Contains(rejoined, await Eventually.ReadAsync(() => Task.FromResult(survivor.Output), done: o => o.Contains(rejoined, StringComparison.Ordinal), within: TimeSpan.FromSeconds(120)), StringComparison.Ordinal);
            output.WriteLine($"the survivor's callers re-joined the queue {sinceKill.Elapsed.TotalSeconds:0.0} s after the kill");
            var queue = await Eventually.ReadAsync(async () => (await survivor.AdminJsonAsync(HttpMethod.Get, $"/admin/queues/{Queue}")).Body,
                done: q => q.ValueKind == System.Text.Json.JsonValueKind.Object && q.TryGetProperty("waiting", out var w) && w.GetInt32() == (int)survivorWaiting,
                within: TimeSpan.FromSeconds(60));
            Assert.True(queue.ValueKind == System.Text.Json.JsonValueKind.Object && queue.GetProperty("waiting").GetInt32() == (int)survivorWaiting, $"the queue on the survivor: {queue}");

            // The queue goes on: the agent is served the survivor's caller, its phone rung through Kamailio.
            await survivor.LogInWhenRegisteredAsync(agentId, Queue);
            var onCall = await survivor.PollAdminAsync($"/admin/agents/{agentId}", a => a.GetProperty("state").GetProperty("status").GetString() == "on_call");
            Assert.Equal("on_call", onCall.GetProperty("state").GetProperty("status").GetString());

            // New calls through Kamailio are all answered, by the survivor.
            var offeredBefore = PrometheusText.Value(await survivor.GetMetricsTextAsync(), "telephony_calls_offered_total", Cnav) ?? 0;
            var fresh = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
                Sipp.RunScenarioAsync(DtmfCallScenario.Write([], TimeSpan.FromSeconds(2), throughProxy: true, callerNumber: $"06123457{10 + i}"), "3960", cluster.Kamailio.Port, Sipp.NextMediaPort(), TimeSpan.FromSeconds(30))));
            Assert.All(fresh, run => Assert.True(run.ExitCode == 0, $"a new call through Kamailio failed ({run.ExitCode}):\n{run.Output}"));
            Assert.Equal(offeredBefore + 3, PrometheusText.Value(await survivor.GetMetricsTextAsync(), "telephony_calls_offered_total", Cnav));

            // The survivor's callers were served to the end (talk, survey, the service's BYE); the dead node's calls died with it.
            var ended = await Task.WhenAll(callers);
            Assert.True(ended.Count(run => run.ExitCode == 0) >= 1, $"no caller of the survivor ended its call normally:\n{string.Join("\n", ended.Select(r => r.Output))}");

            // Every call has its record: the survivor's and the new ones completed as they ended, the dead node's
            // closed by the survivor (the oldest live silo) as dropped / node_lost once membership declared it dead.
            var deadCallers = callers.Count - (int)survivorWaiting;
            await using var database = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
            var rows = await Eventually.ReadAsync(
                async () => (await database.QueryAsync<(string? Outcome, string? Reason, string? Node)>("SELECT outcome, end_reason, node_id FROM call_records")).ToList(),
                done: r => r.Count == callers.Count + fresh.Length && r.All(row => row.Outcome is not null),
                within: TimeSpan.FromSeconds(60));
            output.WriteLine($"records: {string.Join("; ", rows.Select(r => $"{r.Outcome}/{r.Reason}/{r.Node}"))}");
            Assert.Equal(callers.Count + fresh.Length, rows.Count);
            Assert.All(rows, row => Assert.NotNull(row.Outcome));
            var lost = rows.Where(r => r.Reason == "node_lost").ToList();
            Assert.Equal(deadCallers, lost.Count);
            Assert.All(lost, row =>
            {
                Assert.Equal("dropped", row.Outcome);
                Assert.EndsWith($"-{dead.SipPort}", row.Node, StringComparison.Ordinal);
            });
            Assert.All(rows.Except(lost), row => Assert.EndsWith($"-{survivor.SipPort}", row.Node, StringComparison.Ordinal));
        }
        catch
        {
            output.WriteLine(cluster.Output);
            output.WriteLine(phone.Messages + phone.Errors);
            throw;
        }
    }

    private static async Task<double[]> WaitingPerNodeAsync(TelephonyCluster cluster)
    {
        var counts = new double[cluster.Nodes.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = PrometheusText.Value(await cluster.Nodes[i].GetMetricsTextAsync(), "telephony_queue_waiting_calls", Waiting) ?? 0;
        }

        return counts;
    }
}
