using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Stopping the service (SIGTERM, as systemd or docker does) with a caller waiting in a queue: the caller gets a BYE,
/// and the call is recorded as dropped by the service, not lost and not blamed on the caller.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    [EndToEndFact]
    public async Task Stopping_the_service_hangs_up_waiting_callers_and_still_records_their_calls()
    {
        await using var server = await ServerProcess.StartAsync();
        var scenario = DtmfCallScenario.Write([new KeyPress('1', TimeSpan.FromMilliseconds(3500))], TimeSpan.Zero, serviceHangsUp: true);
        var sipp = Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, FreePorts.NextUdpRange(4).First, TimeSpan.FromSeconds(40));

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
}
