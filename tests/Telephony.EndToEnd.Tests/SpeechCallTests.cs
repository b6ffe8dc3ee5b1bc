using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Callers who speak to the IVR through real calls: sipp streams French sentences (espeak-ng, sox) as 8 kHz RTP; the
/// server's jitter buffer, voice activity detection, endpointing and intent matching are the real ones, and the
/// recognizer is the scripted stand-in (Speech:Recognizer=scripted), which answers its configured transcripts in turn
/// for each utterance the detector delimits. Outcomes are read from the call record and /metrics.
/// </summary>
public sealed class SpeechCallTests(ITestOutputHelper output) : IDisposable
{
    private const string Line = "3994";

    private const string SpokenMenuLine = """
        network: TEST
        numbers: ["3994"]
        locale: fr-FR
        start: menu
        nodes:
          menu:
            kind: menu
            prompt: { id: welcome, text: "Dites retraite, ou tapez 1. Dites paiement, ou tapez 2." }
            options:
              - key: "1"
                label: "Retraite"
                phrases: ["retraite", "ma retraite"]
                next: queue-a
              - key: "2"
                label: "Paiement"
                phrases: ["paiement", "mon paiement"]
                next: queue-b
            timeout: 10s
            max-attempts: 3
            invalid-prompt: { id: invalid, text: "Ce choix n'est pas valide." }
            on-max-attempts: queue-a
          queue-a:
            kind: queue
            queue: test.a
          queue-b:
            kind: queue
            queue: test.b
        """;

    private readonly TestScripts _scripts = new();

    [EndToEndFact]
    public async Task A_caller_who_says_why_they_call_during_the_prompt_reaches_the_queue_of_that_option()
    {
        WriteScripts();
        await using var server = await StartAsync("je voudrais des nouvelles de ma retraite");
        try
        {
            var health = JsonDocument.Parse(await server.Http.GetStringAsync("/health")).RootElement;
            Assert.Contains("scripted recognizer", health.GetProperty("details").GetProperty("speech").GetString(), StringComparison.Ordinal);

            // Said 0.5 s after the answer, over the menu prompt (barge-in); no key is ever pressed.
            var utterance = await SpeechCallScenario.WriteUtteranceAsync("je voudrais des nouvelles de ma retraite");
            var scenario = SpeechCallScenario.Write([CallerTurn.Say(utterance, TimeSpan.FromMilliseconds(500))], holdAfterLastTurn: TimeSpan.FromSeconds(8));
            var call = await Sipp.RunScenarioAsync(scenario, Line, server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));
            Assert.True(call.ExitCode == 0, $"sipp failed ({call.ExitCode}):\n{call.Output}");

            var (queue, path) = await RecordAsync(server);
            Assert.Equal("test.a", queue);
            Assert.Equal("menu>menu:speech>queue-a", path);

            var metrics = await server.GetMetricsTextAsync();
            var labels = new Dictionary<string, string> { ["network"] = "TEST", ["line"] = Line };
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_speech_attempts_total", labels));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_speech_matches_total", labels));
            Assert.Equal(0, PrometheusText.Value(metrics, "telephony_speech_keypad_fallbacks_total", labels));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_speech_latency_seconds_count", labels));
            output.WriteLine($"end of speech to intent: {PrometheusText.Value(metrics, "telephony_speech_latency_seconds_sum", labels) * 1000:0} ms");
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_speech_enabled", new Dictionary<string, string> { ["problem"] = "none" }));
            Assert.DoesNotContain("0612345678", metrics, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task Speech_it_cannot_match_asks_again_then_sends_the_caller_to_the_keypad_whose_key_chooses()
    {
        WriteScripts();
        // The stand-in hears "[unk]" then words that are no option: asked again, then told to use the keys.
        await using var server = await StartAsync("[unk]", "euh je sais pas trop");
        try
        {
            var mumble = await SpeechCallScenario.WriteUtteranceAsync("euh je ne sais pas trop");
            var scenario = SpeechCallScenario.Write(
                [
                    CallerTurn.Say(mumble, TimeSpan.FromMilliseconds(500)),
                    // Once the invalid prompt and the short menu began (the first utterance lasts about 4 s).
                    CallerTurn.Say(mumble, TimeSpan.FromSeconds(6)),
                    // After the keypad prompt (4 s) has started: a key, as the prompt says.
                    CallerTurn.Press('2', TimeSpan.FromSeconds(9)),
                ],
                holdAfterLastTurn: TimeSpan.FromSeconds(3));
            var call = await Sipp.RunScenarioAsync(scenario, Line, server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(60));
            Assert.True(call.ExitCode == 0, $"sipp failed ({call.ExitCode}):\n{call.Output}");

            var (queue, path) = await RecordAsync(server);
            Assert.Equal("test.b", queue);
            Assert.Equal("menu>queue-b", path);

            var metrics = await server.GetMetricsTextAsync();
            var labels = new Dictionary<string, string> { ["network"] = "TEST", ["line"] = Line };
            Assert.Equal(2, PrometheusText.Value(metrics, "telephony_speech_attempts_total", labels));
            Assert.Equal(0, PrometheusText.Value(metrics, "telephony_speech_matches_total", labels));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_speech_nomatch_total", new Dictionary<string, string>(labels) { ["reason"] = "unknown" }));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_speech_nomatch_total", new Dictionary<string, string>(labels) { ["reason"] = "no_phrase" }));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_speech_keypad_fallbacks_total", labels));
            Assert.Contains("speech gave up on this menu", server.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task Transcripts_are_stored_with_the_call_record_only_when_the_option_is_on()
    {
        WriteScripts();
        await using var server = await StartAsync(["mon paiement"], new Dictionary<string, string> { ["Speech:StoreTranscripts"] = "true" });
        try
        {
            var utterance = await SpeechCallScenario.WriteUtteranceAsync("mon paiement");
            var scenario = SpeechCallScenario.Write([CallerTurn.Say(utterance, TimeSpan.FromMilliseconds(500))], holdAfterLastTurn: TimeSpan.FromSeconds(6));
            var call = await Sipp.RunScenarioAsync(scenario, Line, server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));
            Assert.True(call.ExitCode == 0, $"sipp failed ({call.ExitCode}):\n{call.Output}");

            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var row = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<(string? Queue, string? Transcript)?>(
                "SELECT queue_id, transcript FROM call_records WHERE line = '3994' AND ended_at IS NOT NULL"));
            Assert.Equal(("test.b", "mon paiement"), row!.Value);
            Assert.DoesNotContain("mon paiement", server.Output, StringComparison.Ordinal); // stored, never logged
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task The_agent_who_takes_the_call_sees_what_the_caller_said_on_the_console()
    {
        WriteScripts();
        await using var server = await StartAsync("je voudrais des nouvelles de ma retraite");
        var agentId = await server.CreateAgentAsync("3201", "Camille Martin", ("test.a", 1));
        await using var phone = SippAgentPhone.Start(
            server.SipPort, "3201", AgentSetup.Password, AgentPhoneBehaviour.AnswersAndWaits, await Tones.WriteAsync(1000, muLaw: false),
            answerAfter: TimeSpan.FromMilliseconds(300), talk: TimeSpan.FromSeconds(20));
        try
        {
            await server.LogInWhenRegisteredAsync(agentId, "test.a");
            using var console = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() })
            {
                BaseAddress = server.Http.BaseAddress,
            };
            // The header the console's page sends with every command (its cross-site check).
            console.DefaultRequestHeaders.Add("X-Agent-Console", "1");
            var login = await console.PostAsync("/agent/session", new StringContent(
                $$"""{"sipUsername": "3201", "password": "{{AgentSetup.Password}}"}""", Encoding.UTF8, "application/json"));
            Assert.True(login.IsSuccessStatusCode, $"console log-in refused: {login.StatusCode}");

            var utterance = await SpeechCallScenario.WriteUtteranceAsync("je voudrais des nouvelles de ma retraite");
            var scenario = SpeechCallScenario.Write([CallerTurn.Say(utterance, TimeSpan.FromMilliseconds(500))], holdAfterLastTurn: TimeSpan.FromSeconds(12));
            var call = Sipp.RunScenarioAsync(scenario, Line, server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));

            // The call card, as the console's own page reads it while the agent talks.
            var card = await Eventually.ReadAsync(
                async () => JsonDocument.Parse(await console.GetStringAsync("/agent/state")).RootElement.GetProperty("state").GetProperty("call"),
                done: c => c.ValueKind == JsonValueKind.Object,
                within: TimeSpan.FromSeconds(20));
            Assert.Equal(JsonValueKind.Object, card.ValueKind);
            Assert.Equal("Retraite", card.GetProperty("pathInWords").GetString());
            var said = card.GetProperty("forAgent").EnumerateArray()
                .Select(i => (i.GetProperty("label").GetString(), i.GetProperty("value").GetString())).ToList();
            Assert.Equal([("A dit", "« je voudrais des nouvelles de ma retraite »")], said);

            var caller = await call;
            Assert.True(caller.ExitCode == 0, $"sipp failed ({caller.ExitCode}):\n{caller.Output}");
            // Not stored by default: the record has the path, never the words.
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var row = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<(string Outcome, string? Transcript)?>(
                "SELECT outcome, transcript FROM call_records WHERE line = '3994' AND ended_at IS NOT NULL"));
            Assert.Equal(("answered_agent", (string?)null), row!.Value);
            Assert.DoesNotContain("nouvelles de ma retraite", server.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            output.WriteLine(phone.Output + phone.Errors);
            throw;
        }
    }

    [EndToEndFact]
    public async Task Without_a_recognizer_health_and_the_gauge_say_DTMF_only_and_a_caller_who_speaks_then_presses_a_key_is_routed_by_the_key()
    {
        WriteScripts();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Ivr:ScriptsPath"] = _scripts.Path,
            ["Speech:LibraryPath"] = "/nonexistent/libvosk.so",
        });
        try
        {
            var health = JsonDocument.Parse(await server.Http.GetStringAsync("/health")).RootElement;
            Assert.EndsWith("DTMF only", health.GetProperty("details").GetProperty("speech").GetString(), StringComparison.Ordinal);
            var metrics = await server.GetMetricsTextAsync();
            Assert.Equal(0, PrometheusText.Value(metrics, "telephony_speech_enabled", new Dictionary<string, string> { ["problem"] = "library_missing" }));

            var utterance = await SpeechCallScenario.WriteUtteranceAsync("je voudrais des nouvelles de ma retraite");
            var scenario = SpeechCallScenario.Write(
                [CallerTurn.Say(utterance, TimeSpan.FromMilliseconds(500)), CallerTurn.Press('2', TimeSpan.FromSeconds(5))],
                holdAfterLastTurn: TimeSpan.FromSeconds(3));
            var call = await Sipp.RunScenarioAsync(scenario, Line, server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));
            Assert.True(call.ExitCode == 0, $"sipp failed ({call.ExitCode}):\n{call.Output}");

            var (queue, path) = await RecordAsync(server);
            Assert.Equal(("test.b", "menu>queue-b"), (queue, path));
            metrics = await server.GetMetricsTextAsync();
            Assert.Equal(0, PrometheusText.Value(metrics, "telephony_speech_attempts_total", new Dictionary<string, string> { ["network"] = "TEST", ["line"] = Line }));
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    /// <summary>The real recognizer: libvosk with the configured model hears the espeak-ng sentence over RTP.</summary>
    [VoskModelFact]
    public async Task With_the_real_Vosk_model_a_spoken_sentence_reaches_the_queue_of_its_option()
    {
        WriteScripts();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Ivr:ScriptsPath"] = _scripts.Path,
            ["Speech:ModelPath"] = VoskModelFactAttribute.ModelPath!,
            ["Speech:LibraryPath"] = VoskModelFactAttribute.LibraryPath,
        });
        try
        {
            var health = JsonDocument.Parse(await server.Http.GetStringAsync("/health")).RootElement;
            Assert.EndsWith("speech recognition enabled", health.GetProperty("details").GetProperty("speech").GetString(), StringComparison.Ordinal);

            var utterance = await SpeechCallScenario.WriteUtteranceAsync("mon paiement");
            var scenario = SpeechCallScenario.Write([CallerTurn.Say(utterance, TimeSpan.FromMilliseconds(500))], holdAfterLastTurn: TimeSpan.FromSeconds(8));
            var call = await Sipp.RunScenarioAsync(scenario, Line, server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));
            Assert.True(call.ExitCode == 0, $"sipp failed ({call.ExitCode}):\n{call.Output}");

            var (queue, path) = await RecordAsync(server);
            Assert.Equal(("test.b", "menu>menu:speech>queue-b"), (queue, path));
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    private void WriteScripts()
    {
        _scripts.Write("spoken", SpokenMenuLine, "welcome", "invalid");
        _scripts.WriteQueues("""
            queues:
              test.a: { name: "Test A", network: TEST }
              test.b: { name: "Test B", network: TEST }
            """);
        CopyKeypadFragment(_scripts.Path);
    }

    /// <summary>Speech needs the fragment that tells callers to use the keys; a line without it stays on the keypad.</summary>
    internal static void CopyKeypadFragment(string scriptsPath)
    {
        var fragments = Directory.CreateDirectory(Path.Combine(scriptsPath, "prompts", "common", "fragments")).FullName;
        const string file = "parole-utilisez-les-touches.wav";
        File.Copy(Path.Combine(RepositoryPaths.IvrScripts, "prompts", "common", "fragments", file), Path.Combine(fragments, file), overwrite: true);
    }

    private Task<ServerProcess> StartAsync(params string[] transcripts) => StartAsync(transcripts, new Dictionary<string, string>());

    private async Task<ServerProcess> StartAsync(string[] transcripts, Dictionary<string, string> settings)
    {
        settings["Ivr:ScriptsPath"] = _scripts.Path;
        settings["Speech:Recognizer"] = "scripted";
        for (var i = 0; i < transcripts.Length; i++)
        {
            settings[$"Speech:ScriptedTranscripts:{i}"] = transcripts[i];
        }

        return await ServerProcess.StartAsync(settings);
    }

    private static async Task<(string? Queue, string Path)> RecordAsync(ServerProcess server)
    {
        await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
        var row = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<(string?, string)?>(
            "SELECT queue_id, path FROM call_records WHERE line = '3994' AND ended_at IS NOT NULL"));
        return row!.Value;
    }

    public void Dispose() => _scripts.Dispose();
}
