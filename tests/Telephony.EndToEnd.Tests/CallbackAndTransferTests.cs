using System.Net.Http.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Two IVR outcomes that leave the IVR without an agent: a callback booked from the closure message, and a transfer
/// to another public line (keys sent as SIP INFO, as some gateways do).
/// </summary>
public sealed class CallbackAndTransferTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Cnav = new() { ["network"] = "CNAV", ["line"] = "3960" };

    [EndToEndFact]
    public async Task A_caller_of_a_closed_line_books_a_callback_that_is_stored_and_counted()
    {
        await using var server = await ServerProcess.StartAsync();
        using (var closed = await server.AdminAsync(HttpMethod.Put, "/admin/lines/cnav/override", JsonContent.Create(new { mode = "closed", message = "formation" })))
        {
            closed.EnsureSuccessStatusCode();
        }

        // Welcome (1.7 s) and closure message (5 s) take no keys; the callback offer does: press 1 at 9 s, then 1 again
        // to confirm the caller ID read back (SIP INFO: the same RFC 4733 capture twice would be one event).
        var scenario = DtmfCallScenario.Write(
            [new KeyPress('1', TimeSpan.FromSeconds(9), ViaSipInfo: true), new KeyPress('1', TimeSpan.FromSeconds(3), ViaSipInfo: true)], TimeSpan.Zero, serviceHangsUp: true);
        var sipp = await Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));

        try
        {
            Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var (phone, queue) = await database.QuerySingleAsync<(string, string)>("SELECT phone_number, queue_id FROM callback_requests");
            // The outcome is counted when the call record is written, right after the service's BYE.
            await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<string>("SELECT outcome FROM call_records WHERE ended_at IS NOT NULL"));
            // Kept to be dialled, but encrypted at rest (Storage:EncryptionKey, here generated on the first start).
            Assert.StartsWith("enc:v1:", phone, StringComparison.Ordinal);
            Assert.DoesNotContain("612345678", phone, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(server.DataDirectory, "data", "storage-encryption-key")));
            Assert.Equal("cnav.retraite", queue);

            var metrics = await server.GetMetricsTextAsync();
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_callbacks_total", new Dictionary<string, string>(Cnav) { ["result"] = "requested" }));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_outcome_total", new Dictionary<string, string>(Cnav) { ["outcome"] = "callback_requested" }));
            Assert.DoesNotContain("0612345678", server.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task The_health_insurance_choice_transfers_the_call_to_3646_and_each_line_counts_its_part()
    {
        await using var server = await ServerProcess.StartAsync();
        var scenario = DtmfCallScenario.Write(
            [new KeyPress('3', TimeSpan.FromMilliseconds(3500), ViaSipInfo: true), new KeyPress('3', TimeSpan.FromMilliseconds(2000), ViaSipInfo: true)],
            holdAfterLastKey: TimeSpan.FromSeconds(3));
        var sipp = await Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));

        try
        {
            Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var (line, path) = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<(string, string)?>(
                "SELECT line, path FROM call_records WHERE outcome <> 'transferred'")) ?? default;
            // The line left has its own record of the call, so that the reports count its part as Prometheus does.
            var left = await database.QuerySingleAsync<(string Network, string Line, string Path)>(
                "SELECT network, line, path FROM call_records WHERE outcome = 'transferred'");
            var metrics = await server.GetMetricsTextAsync();
            var cpam = new Dictionary<string, string> { ["network"] = "CPAM", ["line"] = "3646" };
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_outcome_total", new Dictionary<string, string>(Cnav) { ["outcome"] = "transferred" }));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_offered_total", cpam));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_outcome_total", new Dictionary<string, string>(cpam) { ["outcome"] = "abandoned_ivr" }));

            Assert.Equal("3646", line);
            Assert.Equal(("CNAV", "3960"), (left.Network, left.Line));
            Assert.EndsWith("other-menu>transfer-cpam", left.Path, StringComparison.Ordinal);
            Assert.Contains("other-menu>transfer-cpam>transfer:3646>welcome", path, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }
}
