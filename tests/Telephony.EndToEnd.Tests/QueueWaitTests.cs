using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// What a caller lives through in a queue: position announcements over the music, the queue's maximum wait, and
/// the short-abandon rule an operator may configure.
/// </summary>
public sealed class QueueWaitTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The queue of line 3997: announcements every 2 s, at most 6 s of wait.</summary>
    private const string WaitingQueue = """
        queues:
          test.waiting:
            name: "Test attente"
            network: TEST
            max-wait: 6s
            announce-every: 2s
        """;

    private const string WaitingLine = """
        network: TEST
        numbers: ["3997"]
        locale: fr-FR
        start: queue
        nodes:
          queue:
            kind: queue
            queue: test.waiting
            announce-position: true
            announce-wait: true
            on-max-wait: sorry
          sorry:
            kind: play
            prompt: { id: welcome, text: "Bienvenue à l'Assurance retraite." }
            next: end
          end:
            kind: hangup
        """;

    private readonly TestScripts _scripts = new();

    [EndToEndFact(needsCapture: true)]
    public async Task A_waiting_caller_hears_their_position_and_leaves_the_queue_at_the_maximum_wait()
    {
        _scripts.Write("waiting", WaitingLine, "welcome");
        _scripts.WriteQueues(WaitingQueue);
        CopyDirectory(Path.Combine(RepositoryPaths.IvrScripts, "prompts", "common"), Path.Combine(_scripts.Path, "prompts", "common"));
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Ivr:ScriptsPath"] = _scripts.Path });
        var mediaPort = Sipp.NextMediaPort();
        var scenario = DtmfCallScenario.Write([], TimeSpan.Zero, serviceHangsUp: true);

        SippRun sipp;
        IReadOnlyList<CapturedDatagram> heard;
        await using (var capture = await PacketCapture.StartAsync(server.RtpPorts))
        {
            sipp = await Sipp.RunScenarioAsync(scenario, "3997", server.SipPort, mediaPort, TimeSpan.FromSeconds(40));
            heard = await capture.StopAsync();
        }

        try
        {
            Assert.True(sipp.ExitCode == 0, $"the service did not end the wait with a BYE ({sipp.ExitCode}):\n{sipp.Output}");
            var audio = AudioComparison.DecodeALaw(heard.Where(d => d.IsRtp && d.DestinationPort >= mediaPort && d.DestinationPort < mediaPort + 4).Select(d => d.Payload[12..]));
            var youAre = AudioComparison.ReadPcm16Wav(Path.Combine(RepositoryPaths.IvrScripts, "prompts", "common", "fragments", "vous-etes-le.wav"));
            var (correlation, _) = AudioComparison.BestEnvelopeMatch(audio, youAre);
            Assert.True(correlation > 0.8, $"'vous êtes le' is not in what the caller heard (r={correlation:F2})");

            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var (queue, path, outcome) = await Eventually.ReadAsync(() =>
                database.QuerySingleOrDefaultAsync<(string, string, string)?>("SELECT queue_id, path, outcome FROM call_records WHERE ended_at IS NOT NULL")) ?? default;
            Assert.Equal("test.waiting", queue);
            Assert.Equal("queue>sorry>end", path);
            Assert.Equal("handled_ivr", outcome);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task A_caller_who_leaves_the_queue_within_the_configured_threshold_is_a_short_abandon()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Metrics:ShortAbandonThresholdSeconds"] = "10" });
        var scenario = DtmfCallScenario.Write([new KeyPress('1', TimeSpan.FromMilliseconds(3500))], holdAfterLastKey: TimeSpan.FromSeconds(1));

        var sipp = await Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(30));

        Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");
        var labels = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3960", ["outcome"] = "abandoned_queue_short" };
        var shortAbandons = await Eventually.ReadAsync(
            async () => PrometheusText.Value(await server.GetMetricsTextAsync(), "telephony_calls_outcome_total", labels),
            done: value => value >= 1);
        Assert.Equal(1, shortAbandons);
        Assert.Equal(0, PrometheusText.Value(await server.GetMetricsTextAsync(), "telephony_calls_outcome_total",
            new Dictionary<string, string>(labels) { ["outcome"] = "abandoned_queue" }));
    }

    public void Dispose() => _scripts.Dispose();

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
