using System.Diagnostics;
using System.Net;
using Telephony.Dashboards.Tests.Support;
using Telephony.EndToEnd.Tests.Dashboards;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// The figures managers read are the calls placed: a real Prometheus (Debian's) scrapes a running server every second
/// with the shipped rules, while sipp callers reach an agent's sipp phone, hang up in the IVR and in a queue (once
/// within the short-abandon threshold), are fully answered by the IVR, or call a line the operator closed. Then every
/// recording rule and every query of every Grafana dashboard goes through Prometheus's HTTP API and is held against
/// the calls, by the formulas of dashboards/README.md (tables in Dashboards/), and today's daily report (from the
/// call records) against the same rules (from the counters).
/// </summary>
public sealed class PrometheusDashboardTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The counting rules run once a minute, the variants and queues in their own minute: two cycles, and some slack.</summary>
    private static readonly TimeSpan RulesDeadline = TimeSpan.FromSeconds(150);

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private readonly TestScripts _scripts = new();

    [EndToEndFact(needsPrometheus: true)]
    public async Task Every_recording_rule_and_every_dashboard_panel_shows_the_calls_placed()
    {
        var clock = Stopwatch.StartNew();
        DashboardMix.WriteScripts(_scripts);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Ivr:ScriptsPath"] = _scripts.Path,
            ["Metrics:ShortAbandonThresholdSeconds"] = DashboardMix.ShortAbandonSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await using var prometheus = await PrometheusProcess.StartAsync(server.HttpPort);
        var agentId = await server.CreateAgentAsync(DashboardMix.AgentExtension, "Claude Bernard", (DashboardMix.ServedQueue, 1));
        await using var phone = SippAgentPhone.Start(
            server.SipPort, DashboardMix.AgentExtension, AgentSetup.Password, AgentPhoneBehaviour.AnswersThenHangsUp, await Tones.WriteAsync(1000, muLaw: false),
            answerAfter: TimeSpan.FromMilliseconds(500), talk: DashboardMix.Talk, registeredFor: TimeSpan.FromMinutes(6));
        var checks = new DashboardChecks(prometheus.Api);
        var mix = new MixFigures(DashboardMix.Lines, DashboardMix.Queues);
        var queries = DashboardQueries.All();
        var variables = new Dictionary<string, string> { ["network"] = DashboardMix.Network };
        try
        {
            await server.LogInWhenRegisteredAsync(agentId, DashboardMix.ServedQueue);
            var (closed, _) = await server.AdminJsonAsync(HttpMethod.Put, $"/admin/lines/{DashboardMix.ClosedScript}/override", """{"mode": "closed", "message": "essai"}""");
            Assert.Equal(HttpStatusCode.OK, closed);

            // A call counted before the counting rules' first run beside the server's series would be lost (the first
            // delta of a series is 0): the baseline is the evaluation that has seen the series at 0.
            var baselineDay = await WaitForBaselineAsync(prometheus.Api);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s: counting rules have a baseline; placing {DashboardMix.Calls.Count} calls");
            var callsStarted = DateTimeOffset.UtcNow;

            var calls = Task.WhenAll(DashboardMix.Calls.Select(call =>
                Sipp.RunScenarioAsync(call.Scenario(), call.Line, server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(45))));
            var live = await WatchWhileWaitingAsync(checks, queries, mix, variables, calls);
            var runs = await calls;
            foreach (var (call, run) in DashboardMix.Calls.Zip(runs))
            {
                Assert.True(run.ExitCode == 0, $"the call \"{call.What}\" to {call.Line} failed ({run.ExitCode}):\n{run.Output}");
            }

            output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s: calls over");
            await AssertServerCountedTheMixAsync(prometheus.Api);

            // Then the rules, polled until they all hold the mix or the deadline: each group runs once a minute.
            var (rules, expectedRules) = await PollRulesAsync(checks, mix, baselineDay);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s: rules settled");
            var exported = await checks.ExportedMetricsAsync();
            var panels = await checks.PanelsAsync(
                queries, PanelExpectations.AtEnd(mix, expectedRules), variables, exported, (callsStarted.AddMinutes(-1), DateTimeOffset.UtcNow));
            var variableProblems = await CheckVariablesAsync(prometheus.Api, variables);
            var report = await CompareDailyReportAsync(server, prometheus.Api, baselineDay);

            Report("Recording rules", rules);
            Report("Panels while two callers wait", live);
            Report("Panels at the end", panels);
            Report("Daily report against the rules", report);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s in all");
            var problems = rules.Concat(live).Concat(panels).Concat(report).Where(f => f.Problem is not null).Select(f => $"{f.Name}: {f.Problem}")
                .Concat(variableProblems).ToList();
            Assert.True(problems.Count == 0, $"{problems.Count} figures differ from the calls placed:\n{string.Join("\n", problems)}");
        }
        catch
        {
            output.WriteLine(server.Output);
            output.WriteLine(prometheus.Output);
            output.WriteLine(phone.Output + phone.Errors);
            throw;
        }
    }

    public void Dispose() => _scripts.Dispose();

    /// <summary>Waits for the counting group to have run with the server's series present; returns that Paris day.</summary>
    private static async Task<long> WaitForBaselineAsync(PrometheusApi prometheus)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        PrometheusResult last;
        do
        {
            last = await prometheus.QueryAsync("count(instance:telephony_calls_outcome:delta1m) > 0 and on () count(instance:telephony_survey_answers:delta1m) > 0");
            if (last.Error is null && last.Samples.Count == 1)
            {
                var day = await prometheus.QueryAsync("telephony:paris_day_number");
                return (long)day.Samples.Single().Value;
            }

            await Task.Delay(1000);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"the counting rules did not run over the server's series within 90 s (last answer: {last})");
    }

    /// <summary>The live panels, polled while the calls run: each must show its figure at some moment before they end.</summary>
    private static async Task<IReadOnlyList<CheckedFigure>> WatchWhileWaitingAsync(
        DashboardChecks checks, IReadOnlyList<PanelQuery> queries, MixFigures mix, IReadOnlyDictionary<string, string> variables, Task calls)
    {
        var expected = PanelExpectations.WhileWaiting(mix, DashboardMix.UnservedQueue, waiting: 2);
        var settled = new Dictionary<string, CheckedFigure>();
        var last = new List<CheckedFigure>();
        while (!calls.IsCompleted && settled.Count < expected.Count)
        {
            var exported = await checks.ExportedMetricsAsync();
            last = [.. await checks.SomePanelsAsync(queries, expected, variables, exported)];
            foreach (var figure in last.Where(f => f.Problem is null && !settled.ContainsKey(f.Name)))
            {
                settled[figure.Name] = figure;
            }

            await Task.WhenAny(calls, Task.Delay(500));
        }

        return last.Count == 0
            ? [new CheckedFigure("live panels", false, "polled while the callers wait", "the calls ended before the panels could be read")]
            : last.Select(f => settled.GetValueOrDefault(f.Name) ?? f with { Problem = $"never seen while the callers waited: {f.Problem}" }).ToList();
    }

    /// <summary>The raw counters in Prometheus: if the server counted another mix, nothing downstream can be right.</summary>
    private static async Task AssertServerCountedTheMixAsync(PrometheusApi prometheus)
    {
        var mix = new MixFigures(DashboardMix.Lines, DashboardMix.Queues);
        var expected = mix.PerLineAnd("outcome", LineCalls.OutcomeLabels, (l, o) => l.Outcome(o));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? mismatch;
        PrometheusResult answer;
        do
        {
            answer = await prometheus.QueryAsync("sum by (network, line, outcome) (telephony_calls_outcome_total)");
            mismatch = answer.Error ?? expected.Mismatch(answer.Samples);
            if (mismatch is null)
            {
                return;
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"the server's own counters are not the calls placed: {mismatch}");
    }

    private async Task<(IReadOnlyList<CheckedFigure> Figures, IReadOnlyDictionary<string, Expectation> Expected)> PollRulesAsync(
        DashboardChecks checks, MixFigures mix, long baselineDay)
    {
        var deadline = DateTime.UtcNow + RulesDeadline;
        while (true)
        {
            var now = DateTimeOffset.UtcNow;
            var days = new[] { now, now.AddSeconds(-70) }.Select(ParisDay).ToHashSet();
            var today = ParisDay(now);
            var expected = RuleExpectations.For(mix, todayExact: today == baselineDay && days.Count == 1, days, Paris.GetUtcOffset(now));
            var figures = await checks.RulesAsync(expected, await checks.ExportedMetricsAsync());
            if (figures.All(f => f.Problem is null) || DateTime.UtcNow > deadline)
            {
                if (today != baselineDay)
                {
                    output.WriteLine($"Paris midnight passed during the test (day {baselineDay} to {today}): \"today\" figures checked for errors only");
                }

                return (figures, expected);
            }

            await Task.Delay(2000);
        }
    }

    /// <summary>
    /// Today's daily report (admin key) against today's rules, polled for a while: the call records reach the database
    /// through a batching writer, a moment after the counters. Checked only when the whole mix is in one Paris day.
    /// </summary>
    private async Task<IReadOnlyList<CheckedFigure>> CompareDailyReportAsync(ServerProcess server, PrometheusApi prometheus, long baselineDay)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var now = DateTimeOffset.UtcNow;
            if (ParisDay(now) != baselineDay)
            {
                output.WriteLine("Paris midnight passed during the test: the daily report is not compared with \"today\"");
                return [];
            }

            var figures = await ReportAgreement.CompareAsync(server, prometheus, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Paris).DateTime));
            if (figures.All(f => f.Problem is null) || DateTime.UtcNow > deadline)
            {
                return figures;
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>The dashboards' query variables, label_values(selector, label), as Grafana lists them for the mix.</summary>
    private static async Task<IReadOnlyList<string>> CheckVariablesAsync(PrometheusApi prometheus, IReadOnlyDictionary<string, string> values)
    {
        var expected = new Dictionary<string, string[]>
        {
            ["network"] = [DashboardMix.Network],
            ["line"] = [.. DashboardMix.Lines.Select(l => l.Line)],
            ["queue"] = [.. DashboardMix.Queues.Select(q => q.Queue)],
        };
        var problems = new List<string>();
        foreach (var variable in DashboardVariables.All())
        {
            var (error, listed) = await prometheus.LabelValuesAsync(variable.Label, DashboardQueries.Instantiate(variable.Selector, values));
            var wanted = expected.GetValueOrDefault(variable.Name)?.Order(StringComparer.Ordinal).ToList();
            if (error is not null || wanted is null || !listed.SequenceEqual(wanted))
            {
                problems.Add($"{variable}: {error ?? string.Join(", ", listed)}, expected {(wanted is null ? "(no expectation)" : string.Join(", ", wanted))}");
            }
        }

        return problems;
    }

    private static long ParisDay(DateTimeOffset at) =>
        (long)Math.Floor((at.ToUnixTimeSeconds() + Paris.GetUtcOffset(at).TotalSeconds) / 86400);

    /// <summary>Each figure with whether its value was checked: the list the dashboards' report quotes.</summary>
    private void Report(string title, IReadOnlyList<CheckedFigure> figures)
    {
        output.WriteLine($"{title}: {figures.Count(f => f.ValueChecked)} values checked, {figures.Count(f => !f.ValueChecked)} for errors only");
        foreach (var figure in figures)
        {
            var verdict = figure.Problem is null ? "ok" : "WRONG";
            output.WriteLine($"  [{verdict}] {(figure.ValueChecked ? "value" : "no error")}  {figure.Name} = {figure.Expected}{(figure.Problem is null ? "" : $"\n      {figure.Problem}")}");
        }
    }
}
