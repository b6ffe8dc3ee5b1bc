using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// A caller whose media never arrives (a dead line, a phone that lost its network): the service hangs up, records the
/// call as dropped (the service's doing, not a citizen's abandon), and from its decision on nothing else happens.
/// </summary>
public sealed class DeadLineTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// Line 3998: a 1.7 s menu whose silence leads to a queue after one 2.5 s wait, so a caller who sends nothing
    /// reaches the queue at about 4.2 s, after a 3 s media timeout has already decided to end the call.
    /// </summary>
    private const string MenuThenQueueLine = """
        network: TEST
        numbers: ["3998"]
        locale: fr-FR
        start: menu
        nodes:
          menu:
            kind: menu
            prompt: { id: welcome, text: "Bienvenue. Pour un conseiller, tapez 1." }
            options:
              - key: "1"
                next: queue
            timeout: 2500ms
            max-attempts: 1
            on-max-attempts: queue
          queue:
            kind: queue
            queue: test.dead-line
        """;

    private readonly TestScripts _scripts = new();

    [EndToEndFact]
    public async Task A_caller_whose_media_never_arrives_is_hung_up_and_recorded_as_dropped_with_no_media()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Media:InactivityTimeoutSeconds"] = "3" });

        // This caller never sends RTP; it only waits for our BYE.
        var sipp = await Sipp.RunScenarioAsync("uac_expect_bye.xml", "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(30));

        try
        {
            Assert.True(sipp.ExitCode == 0, $"the service did not hang up the dead call ({sipp.ExitCode}):\n{sipp.Output}");
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var (outcome, reason) = await Eventually.ReadAsync(
                () => database.QuerySingleOrDefaultAsync<(string, string)?>("SELECT outcome, end_reason FROM call_records WHERE ended_at IS NOT NULL")) ?? default;
            Assert.Equal(("dropped", "no_media"), (outcome, reason));
            var metrics = await server.GetMetricsTextAsync();
            var line = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3960" };
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_outcome_total", new Dictionary<string, string>(line) { ["outcome"] = "dropped" }));
            Assert.Equal(0, PrometheusText.Value(metrics, "telephony_calls_outcome_total", new Dictionary<string, string>(line) { ["outcome"] = "abandoned_ivr" }));
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task Once_the_service_decides_to_hang_up_a_dead_call_the_ivr_does_not_carry_on_while_the_bye_is_pending()
    {
        _scripts.Write("deadline", MenuThenQueueLine, "welcome");
        _scripts.WriteQueues("""
            queues:
              test.dead-line: { name: "Test ligne morte", network: TEST }
            """);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Ivr:ScriptsPath"] = _scripts.Path,
            ["Media:InactivityTimeoutSeconds"] = "3",
        });

        // The caller sends no media and answers our BYE 4 s late: the menu's silence would reach the queue meanwhile.
        var sipp = await Sipp.RunScenarioAsync("uac_slow_bye_answer.xml", "3998", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(30));

        try
        {
            Assert.True(sipp.ExitCode == 0, $"the service did not hang up the dead call ({sipp.ExitCode}):\n{sipp.Output}");
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var row = await Eventually.ReadAsync(
                () => database.QuerySingleOrDefaultAsync<(string Outcome, string Reason, string Path, string? Queue)?>(
                    "SELECT outcome, end_reason, path, queue_id FROM call_records WHERE ended_at IS NOT NULL"));
            Assert.NotNull(row);
            Assert.Equal(("dropped", "no_media", "menu"), (row.Value.Outcome, row.Value.Reason, row.Value.Path));
            Assert.Null(row.Value.Queue);
            var metrics = await server.GetMetricsTextAsync();
            Assert.Equal(0, PrometheusText.Value(metrics, "telephony_queue_entered_total", new Dictionary<string, string> { ["network"] = "TEST", ["queue"] = "test.dead-line" }) ?? 0);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    public void Dispose() => _scripts.Dispose();
}
