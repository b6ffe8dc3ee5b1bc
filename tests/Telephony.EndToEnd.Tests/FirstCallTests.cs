using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// The first call, end to end through the real parts: sipp dials the CNAV line 3960 on the real server process,
/// streams PCMA audio, presses 1 (RFC 4733) and hangs up while waiting in the queue.
/// </summary>
public sealed class FirstCallTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Cnav = new() { ["network"] = "CNAV", ["line"] = "3960" };

    [EndToEndFact(needsCapture: true)]
    public async Task A_sipp_call_to_3960_is_answered_hears_audio_joins_cnav_retraite_and_is_recorded_in_sqlite()
    {
        await using var server = await ServerProcess.StartAsync();
        await PlaceCallAndCheckAsync(server, () => new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly"));
    }

    [EndToEndFact(needsCapture: true, needsPostgres: true)]
    public async Task A_sipp_call_to_3960_is_answered_hears_audio_joins_cnav_retraite_and_is_recorded_in_postgres()
    {
        var database = await PostgresDatabases.CreateFreshAsync();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = database,
        });
        await PlaceCallAndCheckAsync(server, () => new NpgsqlConnection(database));
    }

    private async Task PlaceCallAndCheckAsync(ServerProcess server, Func<DbConnection> openDatabase)
    {
        var sippMediaPort = Sipp.NextMediaPort();
        SippRun sipp;
        IReadOnlyList<CapturedDatagram> fromServer;
        await using (var capture = await PacketCapture.StartAsync(server.RtpPorts))
        {
            sipp = await Sipp.RunBuiltInAsync("uac_pcap", "3960", server.SipPort, sippMediaPort, TimeSpan.FromSeconds(40));
            fromServer = await capture.StopAsync();
        }

        try
        {
            // sipp's verdict: INVITE answered with 200, ACK, audio and DTMF sent, BYE answered with 200.
            Assert.True(sipp.ExitCode == 0, $"sipp failed with {sipp.ExitCode}:\n{sipp.Output}");

            // The prompt reached sipp's media port as RTP in the negotiated codec (PCMA, payload type 8),
            // paced: the call lasted about 9 s, so well over 100 packets of 20 ms.
            var rtpToSipp = fromServer.Where(d => d.IsRtp && d.DestinationPort >= sippMediaPort && d.DestinationPort < sippMediaPort + 4).ToList();
            Assert.True(rtpToSipp.Count >= 100, $"only {rtpToSipp.Count} RTP packets reached sipp");
            Assert.All(rtpToSipp, d => Assert.Equal(8, d.RtpPayloadType));

            // What sipp received is the welcome prompt itself, word for word in loudness: decode the A-law on the
            // wire and find the prompt's envelope in it.
            var heard = AudioComparison.DecodeALaw(rtpToSipp.Select(d => d.Payload[12..]));
            var welcome = AudioComparison.ReadPcm16Wav(Path.Combine(RepositoryPaths.IvrScripts, "prompts", "cnav", "welcome.wav"));
            var (correlation, offsetFrames) = AudioComparison.BestEnvelopeMatch(heard, welcome);
            Assert.True(correlation > 0.9, $"the welcome prompt's envelope matches the audio heard only at r={correlation:F2}");
            Assert.True(offsetFrames < 50, $"the welcome prompt started {offsetFrames * 20} ms into the call");

            var record = await WaitForCallRecordAsync(openDatabase);
            Assert.Equal("CNAV", record.Network);
            Assert.Equal("3960", record.Line);
            Assert.Equal("cnav.retraite", record.QueueId);
            Assert.Equal("abandoned_queue", record.Outcome);

            var metrics = await server.GetMetricsTextAsync();
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_offered_total", Cnav));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_outcome_total",
                new Dictionary<string, string>(Cnav) { ["outcome"] = "abandoned_queue" }));
            Assert.Equal(0, PrometheusText.Value(metrics, "telephony_calls_outcome_total",
                new Dictionary<string, string>(Cnav) { ["outcome"] = "abandoned_ivr" }));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_queue_entered_total",
                new Dictionary<string, string> { ["network"] = "CNAV", ["queue"] = "cnav.retraite" }));
        }
        catch
        {
            output.WriteLine("--- server output ---");
            output.WriteLine(server.Output);
            output.WriteLine("--- sipp output ---");
            output.WriteLine(sipp.Output);
            throw;
        }
    }

    private static async Task<StoredCall> WaitForCallRecordAsync(Func<DbConnection> openDatabase)
    {
        var rows = await Eventually.ReadAsync(async () =>
        {
            await using var connection = openDatabase();
            return (await connection.QueryAsync<StoredCall>(
                "SELECT network AS Network, line AS Line, queue_id AS QueueId, outcome AS Outcome, path AS Path FROM call_records WHERE ended_at IS NOT NULL")).ToList();
        }, done: rows => rows.Count > 0);
        return Assert.Single(rows);
    }

    private sealed record StoredCall(string Network, string Line, string? QueueId, string Outcome, string Path);
}
