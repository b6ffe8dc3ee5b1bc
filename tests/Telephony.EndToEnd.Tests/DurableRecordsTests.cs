using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Nothing lost: a node killed during calls leaves records that say so once it is back, and a database outage during
/// calls costs no record. The real server process, real sipp callers, a real PostgreSQL stopped and started again.
/// </summary>
public sealed class DurableRecordsTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Cnav = new() { ["network"] = "CNAV", ["line"] = "3960" };

    [EndToEndFact]
    public async Task A_node_killed_during_calls_records_them_as_node_lost_when_it_starts_again()
    {
        await using var server = await ServerProcess.StartAsync();
        // A caller in the queue cnav.retraite (1 pressed; one waiting call per number, and sipp calls from one number),
        // two still in the main menu: all on the line when the node dies.
        var inQueue = Enumerable.Range(0, 1).Select(_ => CallAsync(server, [new KeyPress('1', TimeSpan.FromMilliseconds(3500))], TimeSpan.FromSeconds(25))).ToList();
        var inMenu = Enumerable.Range(0, 2).Select(_ => CallAsync(server, [], TimeSpan.FromSeconds(25))).ToList();

        try
        {
            var queued = new Dictionary<string, string> { ["network"] = "CNAV", ["queue"] = "cnav.retraite" };
            await UntilAsync(async () => PrometheusText.Value(await server.GetMetricsTextAsync(), "telephony_queue_entered_total", queued) == 1
                && await OpenRowsAsync(server) == 3, TimeSpan.FromSeconds(20), "3 answered calls with open rows, 1 of them queued");

            await server.KillAsync();
            // The write-ahead rows are on disk: what a crash leaves behind.
            Assert.Equal(3, await OpenRowsAsync(server));
            Assert.Equal(0, await CompletedRowsAsync(server));

            var restartedAt = DateTimeOffset.UtcNow;
            await server.RestartAsync();

            await UntilAsync(async () => await OpenRowsAsync(server) == 0, TimeSpan.FromSeconds(20), "the open rows closed after the restart");
            await using var database = ReadOnly(server);
            var rows = (await database.QueryAsync<(string Outcome, string Reason, string Line, string Answered, string Ended, string Node)>(
                "SELECT outcome, end_reason, line, answered_at, ended_at, node_id FROM call_records")).ToList();
            Assert.Equal(3, rows.Count);
            Assert.All(rows, r =>
            {
                Assert.Equal(("dropped", "node_lost", "3960"), (r.Outcome, r.Reason, r.Line));
                // Ended when the dead run was last known alive: after the answer, before the restart.
                Assert.InRange(DateTimeOffset.Parse(r.Ended, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(r.Answered, System.Globalization.CultureInfo.InvariantCulture), restartedAt);
                Assert.EndsWith($"-{server.SipPort}", r.Node, StringComparison.Ordinal);
            });

            // Counted by the node that closed them, whose counters are alive: see dashboards/README.md.
            var dropped = new Dictionary<string, string>(Cnav) { ["outcome"] = "dropped" };
            Assert.Equal(3, PrometheusText.Value(await server.GetMetricsTextAsync(), "telephony_calls_outcome_total", dropped));
            Assert.Contains("left open by this node's previous run", server.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
        finally
        {
            await Task.WhenAll([.. inQueue, .. inMenu]);
        }
    }

    [EndToEndFact]
    public async Task The_row_stored_before_a_200_OK_is_withdrawn_when_the_caller_never_acknowledges_it()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Admission:AckTimeoutSeconds"] = "3" });
        var scenario = Path.Combine(TestTemp.NewDirectory("never-acked"), "invite_no_ack.xml");
        await File.WriteAllTextAsync(scenario, SippScenarios.InviteNeverAcknowledged);

        try
        {
            var invite = SippLoad.RunAsync(scenario, "127.0.0.1", "3960", server.SipPort, calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(20));

            // Durable before the 200 OK: the row is there while the server waits for the ACK ...
            await UntilAsync(async () => await OpenRowsAsync(server) == 1, TimeSpan.FromSeconds(10), "the open row stored before the 200 OK");
            await invite;
            // ... and gone once the server gave up on it: no call took place, so no record stays.
            await UntilAsync(() => Task.FromResult(server.Output.Contains("no ACK within 3 s of our 200 OK", StringComparison.Ordinal)), TimeSpan.FromSeconds(15), "the server giving up on the ACK");
            await UntilAsync(async () => await AllRowsAsync(server) == 0, TimeSpan.FromSeconds(10), "the open row withdrawn");

            // A call that is acknowledged keeps its record as before.
            var call = await CallAsync(server, [], TimeSpan.FromSeconds(1));
            Assert.Equal(0, call.ExitCode);
            await UntilAsync(async () => await CompletedRowsAsync(server) == 1, TimeSpan.FromSeconds(10), "the acknowledged call's record");
            Assert.Equal(1, await AllRowsAsync(server));
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact(needsOwnPostgres: true)]
    public async Task With_PostgreSQL_stopped_for_30_seconds_during_calls_every_call_still_gets_its_record()
    {
        await using var postgres = await StoppablePostgres.StartAsync();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = postgres.ConnectionString,
            ["Storage:EncryptionKey"] = "e2e-storage-encryption-key-0123456789",
        });
        var calls = new List<Task<SippRun>>();
        try
        {
            // Answered before the outage, ended during it: the opening reaches the database, the completion waits.
            calls.Add(CallAsync(server, [], TimeSpan.FromSeconds(8)));
            calls.Add(CallAsync(server, [], TimeSpan.FromSeconds(8)));
            await UntilAsync(async () => await OpenRowsAsync(postgres) == 2, TimeSpan.FromSeconds(15), "the first two calls' open rows");

            await postgres.StopAsync();
            var stoppedAt = DateTimeOffset.UtcNow;
            // Answered and ended while the database is down: calls go on, their whole record waits on the node's disk.
            for (var i = 0; i < 3; i++)
            {
                calls.Add(CallAsync(server, [], TimeSpan.FromSeconds(5)));
                await Task.Delay(TimeSpan.FromSeconds(6));
            }

            await UntilAsync(async () => Buffered(await server.GetMetricsTextAsync()) >= 8, TimeSpan.FromSeconds(20), "the writes buffered on disk");
            Assert.Contains("Database unreachable: call-record writes go to the local buffer", server.Output, StringComparison.Ordinal);
            var outage = TimeSpan.FromSeconds(30) - (DateTimeOffset.UtcNow - stoppedAt);
            if (outage > TimeSpan.Zero)
            {
                await Task.Delay(outage);
            }

            await postgres.StartAgainAsync();
            var runs = await Task.WhenAll(calls);
            Assert.All(runs, run => Assert.True(run.ExitCode == 0, $"a caller was not served during the outage ({run.ExitCode}):\n{run.Output}"));

            await UntilAsync(async () => Buffered(await server.GetMetricsTextAsync()) == 0, TimeSpan.FromSeconds(30), "the buffer replayed");
            await using var database = new NpgsqlConnection(postgres.ConnectionString + ";Pooling=false");
            var rows = (await database.QueryAsync<(string? Outcome, DateTime? Ended)>("SELECT outcome, ended_at FROM call_records")).ToList();
            Assert.Equal(5, rows.Count);
            Assert.All(rows, r => Assert.Equal("abandoned_ivr", r.Outcome));
            Assert.Contains("Database answers again", server.Output, StringComparison.Ordinal);
            Assert.Equal(0, PrometheusText.Value(await server.GetMetricsTextAsync(), "telephony_storage_buffer_full_total", new Dictionary<string, string>()));
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
        finally
        {
            await Task.WhenAll(calls);
        }
    }

    [EndToEndFact(needsOwnPostgres: true)]
    public async Task Under_a_steady_load_with_PostgreSQL_stopped_for_30_seconds_every_call_is_served_and_recorded_once()
    {
        await using var postgres = await StoppablePostgres.StartAsync();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = postgres.ConnectionString,
            ["Storage:EncryptionKey"] = "e2e-storage-encryption-key-0123456789",
        });
        try
        {
            // 3 s calls at 2 a second for 50 s: the outage, from 8 s to 38 s, falls well inside the load.
            const int calls = 100;
            var load = LoggedCallLoad.RunAsync("3960", server.SipPort, "127.0.0.22", calls, 2, TimeSpan.FromSeconds(3), throughProxy: false, TimeSpan.FromSeconds(110));
            await UntilAsync(async () => await CountAsync(postgres, "SELECT COUNT(*) FROM call_records") >= 10, TimeSpan.FromSeconds(30), "10 calls recorded before the outage");

            await postgres.StopAsync();
            var stoppedAt = DateTime.UtcNow;
            await UntilAsync(async () => Buffered(await server.GetMetricsTextAsync()) >= 10, TimeSpan.FromSeconds(20), "writes buffered on disk during the outage");
            var outage = TimeSpan.FromSeconds(30) - (DateTime.UtcNow - stoppedAt);
            if (outage > TimeSpan.Zero)
            {
                await Task.Delay(outage);
            }

            var bufferedAtEnd = Buffered(await server.GetMetricsTextAsync());
            await postgres.StartAgainAsync();
            var restartedAt = DateTime.UtcNow;
            var run = await load;
            Assert.True(run.Run.ExitCode == 0 && run.Run.Successful == calls,
                $"not every call was served ({run.Run.Successful} successful, {run.Run.Failed} failed):\n{run.Run.Output}");
            Assert.Equal(calls, run.Completed.Count);

            await UntilAsync(async () => Buffered(await server.GetMetricsTextAsync()) == 0, TimeSpan.FromSeconds(30), "the buffer replayed");
            await using var database = new NpgsqlConnection(postgres.ConnectionString + ";Pooling=false");
            var rows = (await database.QueryAsync<(string CallId, string? Outcome, DateTime? Answered, DateTime? Ended)>(
                "SELECT call_id, outcome, answered_at, ended_at FROM call_records")).ToList();
            // Exactly one record for each call sipp made, each closed as the caller ended it.
            Assert.Equal(calls, rows.Count);
            Assert.Equal(run.Answered.Keys.Order(), rows.Select(r => r.CallId).Order());
            Assert.All(rows, r => Assert.Equal("abandoned_ivr", r.Outcome));
            var during = rows.Count(r => r.Answered > stoppedAt && r.Ended < restartedAt);
            output.WriteLine($"{calls} calls at 2/s, PostgreSQL down {(restartedAt - stoppedAt).TotalSeconds:0.0} s: {run.Run.Successful} served, " +
                $"{during} answered and ended during the outage, {bufferedAtEnd} writes buffered at its end; {rows.Count} records, one a call");
            Assert.True(during >= 40, $"only {during} calls answered and ended during the outage");
            Assert.Equal(0, PrometheusText.Value(await server.GetMetricsTextAsync(), "telephony_storage_buffer_full_total", new Dictionary<string, string>()));
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    /// <summary>A citizen calling 3960, pressing the keys, then hanging up after <paramref name="hold"/>.</summary>
    private static Task<SippRun> CallAsync(ServerProcess server, IReadOnlyList<KeyPress> keys, TimeSpan hold) =>
        Sipp.RunScenarioAsync(DtmfCallScenario.Write(keys, hold), "3960", server.SipPort, Sipp.NextMediaPort(), hold + TimeSpan.FromSeconds(20));

    private static double Buffered(string metrics) =>
        PrometheusText.Value(metrics, "telephony_storage_buffered_writes", new Dictionary<string, string>()) ?? -1;

    private static SqliteConnection ReadOnly(ServerProcess server) => new($"Data Source={server.SqlitePath};Mode=ReadOnly;Pooling=False");

    private static async Task<long> OpenRowsAsync(ServerProcess server)
    {
        await using var database = ReadOnly(server);
        return await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM call_records WHERE ended_at IS NULL");
    }

    private static async Task<long> AllRowsAsync(ServerProcess server)
    {
        await using var database = ReadOnly(server);
        return await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM call_records");
    }

    private static async Task<long> CompletedRowsAsync(ServerProcess server)
    {
        await using var database = ReadOnly(server);
        return await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM call_records WHERE ended_at IS NOT NULL");
    }

    private static Task<long> OpenRowsAsync(StoppablePostgres postgres) => CountAsync(postgres, "SELECT COUNT(*) FROM call_records WHERE ended_at IS NULL");

    private static async Task<long> CountAsync(StoppablePostgres postgres, string sql)
    {
        await using var database = new NpgsqlConnection(postgres.ConnectionString + ";Pooling=false");
        return await database.ExecuteScalarAsync<long>(sql);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {within}: {what}");
            await Task.Delay(250);
        }
    }
}
