using Dapper;
using Npgsql;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// <c>kill -9</c> of one node of a two-node cluster under a steady load through Kamailio: the calls on the survivor go
/// on to their end, the calls after the kill are answered (by the survivor), and every answered call has one record,
/// those the dead node had in progress closed as <c>dropped</c> / <c>node_lost</c> by the survivor.
/// </summary>
public sealed class ClusterLoadFailoverTests(ITestOutputHelper output)
{
    private const int Calls = 125;
    private const double Rate = 5;
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(2.5);

    [EndToEndFact(needsKamailio: true)]
    public async Task Killing_a_node_under_load_loses_no_call_of_the_survivor_nor_any_record()
    {
        await using var cluster = await TelephonyCluster.StartAsync();
        await using var database = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
        try
        {
            // 2.5 s calls at 5 a second: about 15 at once, spread by Kamailio on both nodes, for 25 s (each node has 20
            // RTP port pairs: the survivor takes them all after the kill).
            var startedAt = System.Diagnostics.Stopwatch.StartNew();
            var load = LoggedCallLoad.RunAsync("3960", cluster.Kamailio.Port, "127.0.0.21", Calls, Rate, Hold, throughProxy: true, TimeSpan.FromSeconds(100));

            // Kill once both nodes have calls over and calls in progress (their write-ahead rows are in the database).
            var perNode = await Eventually.ReadAsync(
                () => RowsPerNodeAsync(database),
                done: rows => cluster.Nodes.All(n => rows.GetValueOrDefault(Suffix(n)) is { Closed: >= 8 } r && r.All - r.Closed >= 3), within: TimeSpan.FromSeconds(40));
            Assert.True(cluster.Nodes.All(n => perNode.GetValueOrDefault(Suffix(n)).Closed >= 8), $"the load is not spread on both nodes: {string.Join(", ", perNode)}");
            var dead = cluster.Nodes[1];
            var survivor = cluster.Nodes[0];
            await dead.KillAsync();
            var killedAt = startedAt.Elapsed;
            var killedTime = DateTime.UtcNow;
            output.WriteLine($"killed node SIP {dead.SipPort} {killedAt.TotalSeconds:0.0} s into the load");

            // The survivor closes the dead node's open rows once the cluster's membership declares it dead.
            var deadClosed = await Eventually.ReadAsync(
                async () => (await RowsPerNodeAsync(database)).GetValueOrDefault(Suffix(dead)),
                done: r => r.All == r.Closed, within: TimeSpan.FromSeconds(120));
            var closedAfter = startedAt.Elapsed - killedAt;
            var calls = await load;
            var rows = await Eventually.ReadAsync(
                async () => (await database.QueryAsync<Row>("SELECT call_id AS CallId, outcome AS Outcome, end_reason AS Reason, node_id AS Node, answered_at AS AnsweredAt FROM call_records")).ToList(),
                done: r => r.Count >= calls.Answered.Count && r.All(row => row.Outcome is not null), within: TimeSpan.FromSeconds(30));

            // Every answered call has exactly one record, closed; and every record is one of sipp's calls. The row is
            // durable before the 200 OK goes out, so no call the caller heard answered can be missing, even one answered
            // by the killed node in the instant of the kill.
            var byCall = rows.GroupBy(r => r.CallId).ToDictionary(g => g.Key, g => g.Count());
            var unrecorded = calls.Answered.Where(call => !byCall.ContainsKey(call.Key)).ToList();
            Assert.True(unrecorded.Count == 0, $"answered calls without a record: {string.Join(", ", unrecorded)}");
            Assert.All(calls.Answered.Keys, id => Assert.True(byCall.GetValueOrDefault(id) == 1, $"call {id}: {byCall.GetValueOrDefault(id)} record(s)"));
            Assert.All(byCall, call => Assert.True(call.Value == 1 && call.Key.EndsWith("@127.0.0.21", StringComparison.Ordinal), $"call {call.Key}: {call.Value} record(s)"));
            Assert.All(rows, row => Assert.NotNull(row.Outcome));
            // A call the dead node answered (its row written) in the instant of the kill, its 200 OK never reaching the
            // caller: not answered for sipp, yet recorded, as node_lost.
            var unseen = rows.Where(r => !calls.Answered.ContainsKey(r.CallId)).ToList();
            Assert.All(unseen, r => Assert.True(r.Node.EndsWith(Suffix(dead), StringComparison.Ordinal) && r.Reason == "node_lost", $"call {r.CallId} recorded but never answered: {r}"));
            foreach (var r in unseen)
            {
                output.WriteLine($"recorded, never answered for sipp: {r}");
            }


            var onDead = rows.Where(r => r.Node.EndsWith(Suffix(dead), StringComparison.Ordinal)).ToList();
            var onSurvivor = rows.Where(r => r.Node.EndsWith(Suffix(survivor), StringComparison.Ordinal)).ToList();
            Assert.Equal(rows.Count, onDead.Count + onSurvivor.Count);
            // The dead node's calls: those over before the kill completed as usual, those in progress closed node_lost.
            var lost = onDead.Where(r => !calls.Completed.ContainsKey(r.CallId)).ToList();
            Assert.All(lost, r => Assert.Equal(("dropped", "node_lost"), (r.Outcome, r.Reason)));
            // At a call's end the order is the other way round, by design: the BYE's 200 OK goes out at once and the
            // completion is stored a batch later (a hang-up must never wait for the database). A node killed in that
            // moment leaves the row open, and the survivor closes it node_lost: recorded, not lost, as the issue asks
            // of a node killed under load. Allowed only for a call that ended within 2 s of the kill, and printed.
            var closedLate = onDead.Except(lost).Where(r => r.Reason == "node_lost").ToList();
            foreach (var r in closedLate)
            {
                output.WriteLine($"call {r.CallId} ended normally just before the kill, its completion not yet stored: recorded node_lost");
            }

            Assert.All(closedLate, r => Assert.True((calls.Answered[r.CallId] - 1) / Rate >= killedAt.TotalSeconds - Hold.TotalSeconds - 2,
                $"call {r.CallId}, over well before the kill, recorded node_lost"));
            Assert.True(lost.Count > 0, "no call was in progress on the killed node: the kill came too late to test anything");
            // The survivor's calls all went on to their end, those it took after the kill too.
            Assert.All(onSurvivor, r => Assert.True(calls.Completed.ContainsKey(r.CallId), $"the survivor's call {r.CallId} did not end normally:\n{calls.Run.Output}"));
            var afterKill = onSurvivor.Count(r => r.AnsweredAt > killedTime);
            Assert.True(afterKill > 0, "the survivor answered no call after the kill");
            Assert.All(onDead, r => Assert.True(r.AnsweredAt < killedTime, $"the dead node answered {r.CallId} after the kill"));

            // New calls are answered: every call sipp began 3 s after the kill or later (Kamailio's probe takes the dead
            // node out within that; before it, an INVITE sent to the dead node times out and goes to the survivor).
            var lateFrom = (int)Math.Ceiling((killedAt.TotalSeconds + 3) * Rate) + 1;
            var late = Enumerable.Range(lateFrom, Math.Max(0, Calls - lateFrom + 1)).ToList();
            var answeredNumbers = calls.Answered.Values.ToHashSet();
            Assert.True(late.Count > 0, $"the load ended before the kill's effect could be seen (kill at {killedAt.TotalSeconds:0.0} s)");
            Assert.All(late, n => Assert.True(answeredNumbers.Contains(n), $"call {n} of sipp, begun after the kill, was not answered:\n{calls.Run.Output}"));

            var unanswered = Calls - calls.Answered.Count;
            output.WriteLine(
                $"of {Calls} calls, {calls.Answered.Count} answered ({unanswered} never answered, begun around the kill, {unseen.Count} of them recorded; {unrecorded.Count} answered without a record); on the killed node {onDead.Count}: " +
                $"{onDead.Count - lost.Count} completed before the kill ({closedLate.Count} of them recorded node_lost), {lost.Count} cut by it, all recorded node_lost; on the survivor {onSurvivor.Count} " +
                $"({afterKill} answered after the kill): {onSurvivor.Count(r => calls.Completed.ContainsKey(r.CallId))} completed (100 %); " +
                $"sipp: {calls.Run.Successful} successful, {calls.Run.Failed} failed; the dead node's {deadClosed.All} rows all closed {closedAfter.TotalSeconds:0.0} s after the kill");
            Assert.True(unanswered <= 3, $"{unanswered} calls never answered: more than those begun in the moment of the kill");
        }
        catch
        {
            output.WriteLine(cluster.Output);
            throw;
        }
    }

    private static string Suffix(ServerProcess node) => $"-{node.SipPort}";

    /// <summary>Each node's records (by its SIP port suffix): all, and those closed.</summary>
    private static async Task<Dictionary<string, (long All, long Closed)>> RowsPerNodeAsync(NpgsqlConnection database)
    {
        var rows = await database.QueryAsync<(string Node, long All, long Closed)>(
            "SELECT node_id, COUNT(*), COUNT(outcome) FROM call_records GROUP BY node_id");
        return rows.ToDictionary(r => "-" + r.Node.Split('-')[^1], r => (r.All, r.Closed));
    }

    private sealed record Row(string CallId, string? Outcome, string? Reason, string Node, DateTime? AnsweredAt);
}
