using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// A line whose information message fully answers the caller: the service itself ends the call with BYE,
/// and the call counts as handled by the IVR.
/// </summary>
public sealed class ServerHangUpTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestScripts _scripts = new();

    [EndToEndFact]
    public async Task A_self_service_message_ends_with_the_service_hanging_up_and_counts_as_handled_by_the_ivr()
    {
        _scripts.Write("info", TestScripts.InformationLine, "welcome");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Ivr:ScriptsPath"] = _scripts.Path });

        var sipp = await Sipp.RunScenarioAsync("uac_expect_bye.xml", "3999", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(30));

        try
        {
            Assert.True(sipp.ExitCode == 0, $"sipp did not get the service's BYE ({sipp.ExitCode}):\n{sipp.Output}");
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            // The service records the call right after its BYE; sipp may be done a moment earlier.
            var (outcome, caller) = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<(string, string)?>("SELECT outcome, caller_masked FROM call_records WHERE ended_at IS NOT NULL")) ?? default;
            Assert.Equal("handled_ivr", outcome);
            Assert.Equal("06******78", caller);
            var metrics = await server.GetMetricsTextAsync();
            var line = new Dictionary<string, string> { ["network"] = "TEST", ["line"] = "3999" };
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_offered_total", line));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_outcome_total", new Dictionary<string, string>(line) { ["outcome"] = "handled_ivr" }));
            Assert.DoesNotContain("0612345678", server.Output, StringComparison.Ordinal);

            // Once over, the call no longer counts as active (what /health tells the operator and shutdown waits on).
            var health = await Eventually.ReadAsync(() => server.Http.GetStringAsync("/health"), done: h => h.Contains("\"activeCalls\":0", StringComparison.Ordinal));
            Assert.Contains("\"activeCalls\":0", health, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    public void Dispose() => _scripts.Dispose();
}
