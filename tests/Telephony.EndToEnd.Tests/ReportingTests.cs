using System.Globalization;
using System.Net;
using System.Text.Json;
using Telephony.Calls.Tests.Reporting;
using Telephony.EndToEnd.Tests.Infrastructure;
using Telephony.Storage;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// A known mix of real calls on CNAV 3960 — one handled by the IVR, one abandoned in the IVR, one abandoned in the
/// queue while no agent is ready, one answered by a sipp desk phone and scored 4 — and what managers read of it: the
/// wallboard live in headless Chromium, the daily report over the admin API and on the command line (and Prometheus
/// agreeing with it), the open data and its schema. Agent rate 1/2 (A / (A + AQ)), global rate 2/4
/// ((A + H) / (A + H + AI + AQ)): dashboards/README.md.
/// </summary>
public sealed class ReportingTests(ITestOutputHelper output)
{
    private const string ViewerKey = "e2e-wallboard-viewer-key-0123";
    private const string Extension = "3201";
    private static readonly string[] Outcomes =
        ["answered_agent", "handled_ivr", "abandoned_ivr", "abandoned_queue", "abandoned_queue_short", "callback_requested", "closed", "saturated", "transferred", "dropped"];

    [EndToEndFact(needsChromium: true)]
    public async Task A_known_mix_of_calls_shows_on_the_wallboard_in_the_report_API_and_CLI_and_in_the_open_data()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Wallboard:ViewerKeys:0"] = ViewerKey,
            ["Wallboard:RefreshInterval"] = "00:00:01",
            ["OpenData:MinimumCalls"] = "1",
        });
        var agentId = await server.CreateAgentAsync(Extension, "Camille Martin", ("cnav.retraite", 1));
        await using var phone = SippAgentPhone.Start(
            server.SipPort, Extension, AgentSetup.Password, AgentPhoneBehaviour.AnswersThenHangsUp, await Tones.WriteAsync(1000, muLaw: false),
            answerAfter: TimeSpan.FromMilliseconds(500), talk: TimeSpan.FromSeconds(4), registeredFor: TimeSpan.FromMinutes(4));
        await using var chromium = await HeadlessChromium.LaunchAsync();
        chromium.Page.SetDefaultTimeout(15_000);
        SetDefaultExpectTimeout(15_000);
        var wallboard = new WallboardPage(chromium.Page, server.HttpPort);
        var cnav = wallboard.Network("CNAV");
        try
        {
            await wallboard.OpenWithKeyAsync(ViewerKey);
            Assert.Equal($"http://127.0.0.1:{server.HttpPort}/wallboard", chromium.Page.Url);
            await Expect(wallboard.Connection).ToHaveTextAsync("Mises à jour en direct");
            await Expect(cnav.AgentRateValue).ToHaveTextAsync("—");
            await Expect(cnav.AgentStanding).ToHaveTextAsync("Pas encore d'appel à compter");

            // The IVR answers one caller (Paiement, then Date de paiement), another hangs up in the welcome, a third
            // presses 1 and waits 10 s in the queue with no agent ready, then hangs up: seen waiting, live.
            var handled = CallAsync(server, [('2', 3500), ('1', 2000)], TimeSpan.Zero, serviceHangsUp: true);
            var abandonedInIvr = CallAsync(server, [], TimeSpan.FromSeconds(2), serviceHangsUp: false);
            var abandonedInQueue = CallAsync(server, [('1', 3500)], TimeSpan.FromSeconds(10), serviceHangsUp: false);
            await Expect(cnav.Waiting).ToHaveTextAsync("1");
            await Expect(cnav.Queue("cnav.retraite").Locator("td").First).ToHaveTextAsync("1");
            await Expect(cnav.LongestWait).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9][0-9]* s$"));
            await Expect(cnav.AgentsReady).ToHaveTextAsync("0");
            output.WriteLine($"Screenshot of a caller waiting: {await chromium.ScreenshotAsync("wallboard-caller-waiting")}");
            foreach (var run in await Task.WhenAll(handled, abandonedInIvr, abandonedInQueue))
            {
                Assert.True(run.ExitCode == 0, $"a caller's call failed ({run.ExitCode}):\n{run.Output}");
            }

            await Expect(cnav.Waiting).ToHaveTextAsync("0");
            await Expect(cnav.AgentTerms).ToHaveTextAsync("0 sur 1 appels requérant un agent");

            // The agent logs in; a caller presses 1, the desk phone answers, the agent hangs up, the caller scores 4.
            await server.LogInWhenRegisteredAsync(agentId, "cnav.retraite");
            await Expect(cnav.AgentsReady).ToHaveTextAsync("1");
            var answered = await CallAsync(server, [('1', 3500), ('4', 9000)], TimeSpan.Zero, serviceHangsUp: true, voice: await Tones.WriteAsync(440, muLaw: false));
            Assert.True(answered.ExitCode == 0, $"the answered call did not end with the service's BYE ({answered.ExitCode}):\n{answered.Output}");

            await Expect(cnav.Offered).ToHaveTextAsync("4");
            await Expect(cnav.AgentRateValue).ToHaveTextAsync("50,0 %");
            await Expect(cnav.AgentStanding).ToHaveTextAsync("Loin de l'objectif");
            await Expect(cnav.AgentTerms).ToHaveTextAsync("1 sur 2 appels requérant un agent");
            await Expect(cnav.GlobalRateValue).ToHaveTextAsync("50,0 %");
            await Expect(cnav.GlobalTerms).ToHaveTextAsync("2 sur 4 appels comptés");
            await Expect(cnav.AgentRate).ToHaveCSSAsync("background-color", "rgb(206, 5, 0)");
            await Expect(wallboard.Network("CPAM").AgentStanding).ToHaveTextAsync("Pas encore d'appel à compter");
            output.WriteLine($"Screenshot of the wallboard: {await chromium.ScreenshotAsync("wallboard")}");

            var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var csv = await CheckReportAsync(server, today);
            await CheckCommandLineAsync(server, today, csv);
            await CheckOpenDataAsync(server, today);

            // Without a key, the wallboard is closed.
            using var anonymous = await server.Http.GetAsync("/wallboard");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.StartsWith("Accès refusé", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine($"Screenshot at the failure: {await chromium.ScreenshotAsync("wallboard-failure")}");
            output.WriteLine(server.Output);
            output.WriteLine(phone.Output);
            throw;
        }
    }

    /// <summary>The JSON report says exactly the calls placed, Prometheus counts the same; returns the CSV report.</summary>
    private static async Task<string> CheckReportAsync(ServerProcess server, string today)
    {
        var (status, report) = await server.AdminJsonAsync(HttpMethod.Get, $"/admin/reports/daily?from={today}&to={today}");
        Assert.Equal(HttpStatusCode.OK, status);
        var line = Assert.Single(report.GetProperty("lines").EnumerateArray());
        Assert.Equal(("CNAV", "3960", today), (line.GetProperty("network").GetString(), line.GetProperty("line").GetString(), line.GetProperty("day").GetString()));
        var figures = line.GetProperty("figures");
        Assert.Equal(4, figures.GetProperty("offered").GetInt64());
        var outcomes = figures.GetProperty("outcomes");
        Assert.Equal(
            [1L, 1, 1, 1, 0, 0, 0, 0, 0, 0],
            Outcomes.Select(o => outcomes.GetProperty(o).GetInt64()));
        Assert.Equal((1L, 2L, 0.5), Terms(figures.GetProperty("agentRate")));
        Assert.Equal((2L, 4L, 0.5), Terms(figures.GetProperty("globalRate")));
        Assert.Equal(0.5, figures.GetProperty("serviceLevel").GetProperty("20").GetDouble());
        Assert.Equal((4.0, 1L), (figures.GetProperty("satisfaction").GetProperty("average").GetDouble(), figures.GetProperty("satisfaction").GetProperty("answers").GetInt64()));

        // Prometheus counts the same calls: every outcome of the line, and the calls offered.
        var metrics = await server.GetMetricsTextAsync();
        var labels = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3960" };
        Assert.Equal(4, PrometheusText.Value(metrics, "telephony_calls_offered_total", labels));
        foreach (var outcome in Outcomes)
        {
            Assert.Equal(outcomes.GetProperty(outcome).GetInt64(), PrometheusText.Value(metrics, "telephony_calls_outcome_total", new Dictionary<string, string>(labels) { ["outcome"] = outcome }));
        }

        Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_answered_within_total", new Dictionary<string, string>(labels) { ["threshold"] = "20" }));

        using var response = await server.AdminAsync(HttpMethod.Get, $"/admin/reports/daily?from={today}&to={today}&format=csv");
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var rows = csv.Split("\r\n");
        Assert.StartsWith($"line,CNAV,3960,{today},{today},4,1,1,1,1,0,0,0,0,0,0,1,2,0.5,2,4,0.5,0.5,0.5,0.5,", rows[1], StringComparison.Ordinal);
        Assert.EndsWith(",4,1", rows[1], StringComparison.Ordinal);
        Assert.StartsWith($"network,CNAV,,{today},{today},4,", rows[2], StringComparison.Ordinal);
        Assert.StartsWith($"network_total,CNAV,,{today},{today},4,", rows[3], StringComparison.Ordinal);

        var (badStatus, bad) = await server.AdminJsonAsync(HttpMethod.Get, $"/admin/reports/daily?from={today}&to=2020-01-01");
        Assert.Equal((HttpStatusCode.BadRequest, "to"), (badStatus, bad.GetProperty("field").GetString()));
        return csv;
    }

    /// <summary>`telephony report` on the same database prints the same CSV as the API; bad arguments exit 2.</summary>
    private static async Task CheckCommandLineAsync(ServerProcess server, string today, string apiCsv)
    {
        string[] database = [$"--Storage:ConnectionString=Data Source={server.SqlitePath}"];
        var run = await ServerProcess.RunCommandAsync(["report", "--from", today, "--to", today, "--format", "csv", .. database], TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(apiCsv, run.Output.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

        var bad = await ServerProcess.RunCommandAsync(["report", "--from", "hier", "--to", today, .. database], TimeSpan.FromSeconds(60));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--from must be a date as yyyy-MM-dd", bad.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Only complete days are published, so the day's real calls are not; their records, moved to yesterday through
    /// the storage layer (a copy of each, a day earlier), are: one row, valid against the schema the server serves,
    /// and no row for today.
    /// The records are moved rather than the server's clock, which also drives opening hours, queues and Orleans.
    /// </summary>
    private static async Task CheckOpenDataAsync(ServerProcess server, string today)
    {
        var records = new CallRecordRepository(StorageFactory.CreateConnectionFactory(new StorageOptions { ConnectionString = $"Data Source={server.SqlitePath}" }));
        var placed = await records.ListRecentAsync(100, CancellationToken.None);
        Assert.Equal(4, placed.Count);
        var day = TimeSpan.FromDays(1);
        foreach (var record in placed)
        {
            await records.AddAsync(record with
            {
                Id = Guid.NewGuid(),
                CallId = record.CallId + "-yesterday",
                StartedAt = record.StartedAt - day,
                AnsweredAt = record.AnsweredAt - day,
                QueuedAt = record.QueuedAt - day,
                AgentAnsweredAt = record.AgentAnsweredAt - day,
                EndedAt = record.EndedAt - day,
            }, CancellationToken.None);
        }

        var yesterday = DateOnly.ParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var csvResponse = await server.Http.GetAsync("/opendata/taux-de-decroche.csv");
        using var schemaResponse = await server.Http.GetAsync("/opendata/schema.json");
        var csv = await csvResponse.Content.ReadAsStringAsync();
        var schema = await schemaResponse.Content.ReadAsStringAsync();
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (csvResponse.StatusCode, schemaResponse.StatusCode));
        Assert.Empty(TableSchemaCheck.Problems(schema, csv));
        Assert.Equal(
            [
                "date,reseau,ligne,appels_presentes,appels_decroches_agent,appels_traites_svi,taux_decroche_agent,taux_decroche_global,niveau_service_20s,niveau_service_60s,niveau_service_120s,satisfaction_moyenne,satisfaction_reponses",
                $"{yesterday},CNAV,3960,4,1,1,0.5,0.5,0.5,0.5,0.5,4,1",
                "",
            ],
            csv.Split("\r\n"));
        using var parsed = JsonDocument.Parse(schema);
        var offered = parsed.RootElement.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "appels_presentes");
        Assert.Equal(1, offered.GetProperty("constraints").GetProperty("minimum").GetDouble());
    }

    private static (long Handled, long Required, double Rate) Terms(JsonElement rate) =>
        (rate.GetProperty("handled").GetInt64(), rate.GetProperty("required").GetInt64(), rate.GetProperty("rate").GetDouble());

    /// <summary>A caller of CNAV 3960 pressing keys by SIP INFO (each after its delay in ms).</summary>
    private static Task<SippRun> CallAsync(ServerProcess server, (char Key, int AfterMs)[] keys, TimeSpan holdAfterLastKey, bool serviceHangsUp, string? voice = null)
    {
        var scenario = DtmfCallScenario.Write(
            keys.Select(k => new KeyPress(k.Key, TimeSpan.FromMilliseconds(k.AfterMs), ViaSipInfo: true)).ToList(),
            holdAfterLastKey, serviceHangsUp, voice, byeWithin: TimeSpan.FromSeconds(45));
        return Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(70));
    }
}
