using System.Globalization;

namespace Telephony.EndToEnd.Tests.Dashboards;

/// <summary>
/// Every recording rule of dashboards/prometheus/rules, by record name, with what it should hold once the calls of
/// the mix are counted: the table the test holds Prometheus's answers against. A rule missing here fails the test.
/// </summary>
public static class RuleExpectations
{
    public static readonly IReadOnlyList<string> Windows = ["today", "1h", "7d"];

    /// <param name="todayExact">False when Paris midnight passed during the test: "today" then holds only part of the mix.</param>
    /// <param name="parisDays">The Paris day numbers the last evaluation may have used (now, and a minute ago).</param>
    public static IReadOnlyDictionary<string, Expectation> For(MixFigures mix, bool todayExact, IReadOnlySet<long> parisDays, TimeSpan parisOffset)
    {
        var rules = new Dictionary<string, Expectation>(StringComparer.Ordinal);
        AddClockAndDeltas(rules, parisDays, parisOffset);
        foreach (var window in Windows)
        {
            AddWindow(rules, mix, window, window == "today" && !todayExact);
        }

        rules["network:telephony_agent_pickup_ratio_counting_short_abandons:today"] = Today(mix.PerNetwork(n => n.AgentRateCountingShortAbandons), todayExact);
        rules["network:telephony_agent_pickup_ratio_callback_requests_handled:today"] = Today(mix.PerNetwork(n => n.AgentRateCallbackRequestsHandled), todayExact);
        rules["network:telephony_agent_pickup_ratio_callback_requests_missed:today"] = Today(mix.PerNetwork(n => n.AgentRateCallbackRequestsMissed), todayExact);
        rules["network:telephony_callback_completion_ratio:7d"] = mix.PerNetwork(n => n.CallbackCompletion);
        AddQueues(rules, mix);
        AddHealth(rules);
        CallbackExpectations.AddRules(rules, mix);
        return rules;
    }

    private static Expectation Today(Expectation expectation, bool todayExact) =>
        todayExact ? expectation : new AnswersWithoutError("Paris midnight passed during the test");

    private static void AddClockAndDeltas(Dictionary<string, Expectation> rules, IReadOnlySet<long> parisDays, TimeSpan parisOffset)
    {
        var todayLabels = parisDays.Select(d => (d % 3).ToString(CultureInfo.InvariantCulture)).ToHashSet();
        rules["telephony:paris_utc_offset_seconds"] = MixFigures.Single(parisOffset.TotalSeconds);
        rules["telephony:paris_day_number"] = new EverySeries(
            $"the Paris day number {string.Join(" or ", parisDays)}", s => parisDays.Contains((long)s.Value), AtLeastOne: true);
        rules["telephony:paris_day"] = new EverySeries(
            $"1, labelled paris_day {string.Join(" or ", todayLabels)}", s => s.Value == 1 && todayLabels.Contains(s.Labels.GetValueOrDefault("paris_day") ?? ""), AtLeastOne: true);
        foreach (var counter in new[] { "calls_offered", "calls_outcome", "calls_answered_within", "callbacks", "survey_answers" })
        {
            // The last minute's increase: which minute holds which call depends on when the rules ran; the windows add them up.
            rules[$"instance:telephony_{counter}:delta1m"] = new EverySeries(
                $"a whole number of calls ≥ 0 labelled paris_day {string.Join(" or ", todayLabels)}",
                s => s.Value >= 0 && s.Value == Math.Floor(s.Value) && todayLabels.Contains(s.Labels.GetValueOrDefault("paris_day") ?? ""),
                AtLeastOne: true);
        }
    }

    private static void AddWindow(Dictionary<string, Expectation> rules, MixFigures mix, string w, bool partial)
    {
        void Add(string name, SeriesValues expected) =>
            rules[name] = partial ? new AnswersWithoutError("Paris midnight passed during the test") : expected;

        Add($"network_line:telephony_calls_offered:{w}", mix.PerLine(l => l.Offered));
        Add($"network_line_outcome:telephony_calls_outcome:{w}", mix.PerLineAnd("outcome", LineCalls.OutcomeLabels, (l, o) => l.Outcome(o)));
        Add($"network_line_threshold:telephony_calls_answered_within:{w}", mix.PerLineAnd("threshold", LineCalls.Thresholds, (l, t) => l.AnsweredWithin(t)));
        // Results the mix never reaches (cancelled, once the dialler declares it) may be there at 0.
        Add($"network_line_result:telephony_callbacks:{w}", mix.PerLineAnd("result", LineCalls.CallbackResults, (l, r) => l.Callbacks(r)) with { Others = ExpectedValue.Exactly(0) });
        Add($"network_line_score:telephony_survey_answers:{w}", mix.PerLineAnd("score", LineCalls.ScoreLabels, (l, s) => l.SurveyAnswers(s)));
        Add($"network_line:telephony_calls_agent_handled:{w}", mix.PerLine(l => l.AgentHandled));
        Add($"network_line:telephony_calls_agent_required:{w}", mix.PerLine(l => l.AgentRequired));
        Add($"network_line:telephony_agent_pickup_ratio:{w}", mix.PerLine(l => l.AgentRate));
        Add($"network_line:telephony_calls_global_handled:{w}", mix.PerLine(l => l.GlobalHandled));
        Add($"network_line:telephony_calls_global_required:{w}", mix.PerLine(l => l.GlobalRequired));
        Add($"network_line:telephony_global_pickup_ratio:{w}", mix.PerLine(l => l.GlobalRate));
        Add($"network_line_threshold:telephony_service_level_ratio:{w}", mix.PerLineAnd("threshold", LineCalls.Thresholds, (l, t) => l.ServiceLevel(t)));
        Add($"network_line:telephony_queue_abandon_ratio:{w}", mix.PerLine(l => l.AbandonRate));
        Add($"network_line:telephony_survey_score_average:{w}", mix.PerLine(l => l.AverageScore));
        Add($"network:telephony_calls_agent_handled:{w}", mix.PerNetwork(n => n.AgentHandled));
        Add($"network:telephony_calls_agent_required:{w}", mix.PerNetwork(n => n.AgentRequired));
        Add($"network:telephony_agent_pickup_ratio:{w}", mix.PerNetwork(n => n.AgentRate));
        Add($"network:telephony_calls_global_handled:{w}", mix.PerNetwork(n => n.GlobalHandled));
        Add($"network:telephony_calls_global_required:{w}", mix.PerNetwork(n => n.GlobalRequired));
        Add($"network:telephony_global_pickup_ratio:{w}", mix.PerNetwork(n => n.GlobalRate));
        Add($"network_threshold:telephony_service_level_ratio:{w}", mix.PerNetworkAnd("threshold", LineCalls.Thresholds, (n, t) => n.ServiceLevel(t)));
        Add($"network:telephony_queue_abandon_ratio:{w}", mix.PerNetwork(n => n.AbandonRate));
        Add($"network:telephony_survey_score_average:{w}", mix.PerNetwork(n => n.AverageScore));
    }

    private static void AddQueues(Dictionary<string, Expectation> rules, MixFigures mix)
    {
        // At the end nobody waits, and the agent is back to ready after the wrap-up.
        rules["network_queue:telephony_queue_waiting_calls:sum"] = mix.PerQueue(_ => 0);
        rules["network_queue:telephony_queue_longest_wait_seconds:max"] = mix.PerQueue(_ => 0);
        rules["queue_state:telephony_agents:sum"] = mix.PerQueueAnd("state", QueueCalls.AgentStates, (q, s) => s == "ready" ? q.AgentsReady : 0, withNetwork: false);
        rules["network_queue:telephony_queue_entered:1h"] = mix.PerQueue(q => q.Entered, MixFigures.Extrapolated);
        // Every answer came within 5 s: within 20, 60 and 120 s alike. Numerator and denominator are extrapolated alike.
        rules["network_queue_threshold:telephony_queue_service_level_ratio:1h"] = mix.PerQueueAnd(
            "threshold", LineCalls.Thresholds, (q, _) => q.Entered > 0 ? (double)q.Answered / q.Entered : null);
        rules["network_queue:telephony_queue_abandon_ratio:1h"] = mix.PerQueue(q => q.Entered > 0 ? (double)q.Abandoned / q.Entered : null);
        // All answers in the first bucket (0-5 s): histogram_quantile interpolates the 90th percentile to 4.5 s.
        rules["network_queue:telephony_queue_wait_seconds:p90_1h"] = mix.PerQueue(q => q.Answered > 0 ? 4.5 : null);
        rules["network_queue:telephony_agent_handle_seconds:avg_1h"] = new SeriesValues(mix.Queues
            .Where(q => q.Answered > 0)
            .ToDictionary(q => MixFigures.Key(("network", q.Network), ("queue", q.Queue)), q => q.TalkSeconds, StringComparer.Ordinal));
    }

    /// <summary>Node health: metrics another change adds; checked as soon as the server exports them.</summary>
    private static void AddHealth(Dictionary<string, Expectation> rules)
    {
        var any = ExpectedValue.AtLeast(0);
        var some = new ExpectedValue(1e-9, double.MaxValue, "> 0");
        rules["instance_method:telephony_sip_requests:rate5m"] = new OnceExported("telephony_sip_requests_total",
            new SeriesValues(new Dictionary<string, ExpectedValue> { ["method=INVITE"] = some, ["method=INFO"] = some, ["method=BYE"] = some }, any));
        rules["instance_class:telephony_sip_responses:rate5m"] = new OnceExported("telephony_sip_responses_total",
            new SeriesValues(new Dictionary<string, ExpectedValue> { ["class=2xx"] = some }, any));
        // Loopback: nothing lost, and the jitter of sipp's and the server's own pacing only.
        rules["instance:telephony_rtp_packet_loss_ratio:rate5m"] = new OnceExported("telephony_rtp_packets_lost_total",
            new SeriesValues(new Dictionary<string, ExpectedValue> { [string.Empty] = ExpectedValue.Between(0, 0.05) }));
        rules["instance:telephony_rtp_jitter_seconds:p95_5m"] = new OnceExported("telephony_rtp_jitter_seconds_bucket",
            new SeriesValues(new Dictionary<string, ExpectedValue> { [string.Empty] = ExpectedValue.Between(0, 0.2) }));
    }
}
