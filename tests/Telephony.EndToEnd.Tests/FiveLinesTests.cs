using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>One running service for the five lines (calls to different lines do not share counters).</summary>
public sealed class FiveLinesServer : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Sipp.IsInstalled)
        {
            Server = await ServerProcess.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>
/// A citizen calls each of the five public lines and goes through two menu levels with the keypad (RFC 4733),
/// ending in the right agent queue: checked in the call record and in the metrics.
/// </summary>
public sealed class FiveLinesTests(FiveLinesServer fixture, ITestOutputHelper output) : IClassFixture<FiveLinesServer>
{
    [EndToEndTheory]
    [InlineData("3960", "CNAV", "3960", "31", "cnav.carriere")]
    [InlineData("3646", "CPAM", "3646", "21", "cpam.remboursements")]
    [InlineData("+33809401401", "DGFIP", "0809401401", "31", "dgfip.paiement")]
    [InlineData("3230", "CAF", "3230", "12", "caf.famille")]
    [InlineData("3949", "FRANCE_TRAVAIL", "3949", "12", "francetravail.inscription")]
    public async Task Two_menu_levels_with_the_keypad_lead_to_the_expected_queue(string dialled, string network, string line, string keys, string queue)
    {
        var server = fixture.Server;
        // The welcome does not take keys; every menu does (barge-in): first key once the welcome is over
        // (the longest welcome is under 3 s), second key during the second menu's prompt. Paths use two different
        // keys because sipp replays one capture per key, with the same RTP timestamp each time, and a repeated
        // event timestamp is, per RFC 4733, the same key press.
        var scenario = DtmfCallScenario.Write(
            [new KeyPress(keys[0], TimeSpan.FromMilliseconds(3500)), new KeyPress(keys[1], TimeSpan.FromMilliseconds(2000))],
            holdAfterLastKey: TimeSpan.FromMilliseconds(2500));

        var sipp = await Sipp.RunScenarioAsync(scenario, dialled, server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(30));

        try
        {
            Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");
            var record = await WaitForRecordAsync(server, line);
            Assert.Equal(network, record.Network);
            Assert.Equal(queue, record.QueueId);
            Assert.Equal("abandoned_queue", record.Outcome);

            var metrics = await server.GetMetricsTextAsync();
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_offered_total", new Dictionary<string, string> { ["network"] = network, ["line"] = line }));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_queue_entered_total", new Dictionary<string, string> { ["network"] = network, ["queue"] = queue }));
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    private static async Task<(string Network, string? QueueId, string Outcome)> WaitForRecordAsync(ServerProcess server, string line)
    {
        var rows = await Eventually.ReadAsync(async () =>
        {
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            return (await database.QueryAsync<(string, string?, string)>(
                "SELECT network, queue_id, outcome FROM call_records WHERE line = @line AND ended_at IS NOT NULL", new { line })).ToList();
        }, done: rows => rows.Count > 0);
        return Assert.Single(rows);
    }
}
