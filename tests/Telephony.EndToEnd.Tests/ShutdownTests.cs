using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Stopping the service (SIGTERM, as systemd or docker does): new calls are refused with 503 and Retry-After at once
/// (Kamailio moves them to another node), calls in progress go on for up to <c>Shutdown:DrainSeconds</c>, and those
/// still there then get a BYE and are recorded as dropped by the service, not lost and not blamed on the caller.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    [EndToEndFact]
    public async Task Stopping_the_service_hangs_up_waiting_callers_once_the_drain_is_over_and_still_records_their_calls()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Shutdown:DrainSeconds"] = "2" });
        var scenario = DtmfCallScenario.Write([new KeyPress('1', TimeSpan.FromMilliseconds(3500))], TimeSpan.Zero, serviceHangsUp: true);
        var sipp = Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));

        // Stop only once the caller is really waiting in cnav.retraite.
        var queued = new Dictionary<string, string> { ["network"] = "CNAV", ["queue"] = "cnav.retraite" };
        var metrics = await Eventually.ReadAsync(server.GetMetricsTextAsync, done: m => PrometheusText.Value(m, "telephony_queue_entered_total", queued) == 1);
        Assert.Equal(1, PrometheusText.Value(metrics, "telephony_queue_entered_total", queued));
        await server.StopAsync();
        var caller = await sipp;

        try
        {
            Assert.True(caller.ExitCode == 0, $"the waiting caller did not get a clean BYE ({caller.ExitCode}):\n{caller.Output}");
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var (outcome, reason, queue) = await database.QuerySingleAsync<(string, string, string)>("SELECT outcome, end_reason, queue_id FROM call_records WHERE ended_at IS NOT NULL");
            Assert.Equal("dropped", outcome);
            Assert.Equal("service_stopping", reason);
            Assert.Equal("cnav.retraite", queue);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task During_the_drain_new_calls_get_503_with_retry_after_and_a_call_in_progress_ends_on_its_own()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Shutdown:DrainSeconds"] = "40",
            ["Admission:RetryAfterSeconds"] = "3",
        });
        // The caller waits in the queue and hangs up by itself 10 s after joining it, well inside the drain.
        var scenario = DtmfCallScenario.Write([new KeyPress('1', TimeSpan.FromMilliseconds(3500))], TimeSpan.FromSeconds(10));
        var inProgress = Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));
        var queued = new Dictionary<string, string> { ["network"] = "CNAV", ["queue"] = "cnav.retraite" };
        await Eventually.ReadAsync(server.GetMetricsTextAsync, done: m => PrometheusText.Value(m, "telephony_queue_entered_total", queued) == 1);

        var stoppedAt = System.Diagnostics.Stopwatch.StartNew();
        server.Terminate();
        // HTTP (and /metrics) stops first; the server's log says when the drain has begun.
        var draining = await Eventually.ReadAsync(() => Task.FromResult(server.Output), done: o => o.Contains("Draining:", StringComparison.Ordinal));
        var newCaller = await Sipp.RunScenarioAsync("uac_expect_503_retry_after.xml", "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(15));
        var caller = await inProgress;
        var (exited, exitCode) = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        stoppedAt.Stop();

        try
        {
            Assert.Contains("Draining:", draining, StringComparison.Ordinal);
            Assert.True(newCaller.ExitCode == 0, $"a call during the drain was not refused with 503 and Retry-After ({newCaller.ExitCode}):\n{newCaller.Output}");
            Assert.True(caller.ExitCode == 0, $"the call in progress was not left to finish ({caller.ExitCode}):\n{caller.Output}");
            Assert.True(exited, "the server did not exit once its last call ended");
            Assert.Equal(0, exitCode);
            Assert.True(stoppedAt.Elapsed < TimeSpan.FromSeconds(35), $"the server waited for the whole drain instead of its last call ({stoppedAt.Elapsed})");

            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var (outcome, reason) = await database.QuerySingleAsync<(string, string)>("SELECT outcome, end_reason FROM call_records WHERE ended_at IS NOT NULL");
            Assert.Equal("abandoned_queue", outcome);
            Assert.NotEqual("service_stopping", reason);
            output.WriteLine($"drain: the call in progress ended on its own ({outcome}, {reason}); the server exited {stoppedAt.Elapsed.TotalSeconds:0.0} s after SIGTERM");
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }
}
