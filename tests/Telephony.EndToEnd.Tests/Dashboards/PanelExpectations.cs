namespace Telephony.EndToEnd.Tests.Dashboards;

/// <summary>A panel's target: the dashboard file, the panel's title and the target's refId.</summary>
public readonly record struct PanelTarget(string Dashboard, string Panel, string RefId)
{
    public override string ToString() => $"{Dashboard} « {Panel} » {RefId}";
}

/// <summary>
/// What every panel query of dashboards/grafana/dashboards shows for the mix, with $network set to the mix's network
/// and $line, $queue on "All": at the end (<see cref="AtEnd"/>), and while two callers wait in a queue
/// (<see cref="WhileWaiting"/>). A panel target missing here fails the test.
/// </summary>
public static class PanelExpectations
{
    private const string Plan = "plan-telephone.json";
    private const string Live = "files-attente.json";
    private const string Satisfaction = "satisfaction.json";

    public static IReadOnlyDictionary<PanelTarget, Expectation> AtEnd(MixFigures mix, IReadOnlyDictionary<string, Expectation> rules)
    {
        var byScore = mix.SummedBy("score", LineCalls.ScoreLabels, (l, s) => l.SurveyAnswers(s));
        var panels = new Dictionary<PanelTarget, Expectation>
        {
            [new(Plan, "Taux de décroché par un agent — aujourd'hui", "A")] = Rule(rules, "network:telephony_agent_pickup_ratio:today"),
            [new(Plan, "Taux de décroché global — aujourd'hui", "A")] = Rule(rules, "network:telephony_global_pickup_ratio:today"),
            [new(Plan, "Tendance de la journée — taux par un agent depuis minuit", "A")] = Rule(rules, "network:telephony_agent_pickup_ratio:today"),
            [new(Plan, "Par un agent et global — aujourd'hui", "A")] = Rule(rules, "network:telephony_agent_pickup_ratio:today"),
            [new(Plan, "Par un agent et global — aujourd'hui", "B")] = Rule(rules, "network:telephony_global_pickup_ratio:today"),
            [new(Plan, "Taux par un agent — heure glissante", "A")] = Rule(rules, "network:telephony_agent_pickup_ratio:1h"),
            [new(Plan, "Taux par un agent — heure glissante", "B")] = Rule(rules, "network:telephony_global_pickup_ratio:1h"),
            [new(Plan, "Taux par un agent — 7 jours glissants", "A")] = Rule(rules, "network:telephony_agent_pickup_ratio:7d"),
            [new(Plan, "Par ligne — aujourd'hui", "A")] = Rule(rules, "network_line:telephony_agent_pickup_ratio:today"),
            [new(Plan, "Par ligne — aujourd'hui", "B")] = Rule(rules, "network_line:telephony_global_pickup_ratio:today"),
            [new(Plan, "Par ligne — aujourd'hui", "C")] = Rule(rules, "network_line:telephony_calls_agent_handled:today"),
            [new(Plan, "Par ligne — aujourd'hui", "D")] = Rule(rules, "network_line:telephony_calls_agent_required:today"),
            [new(Plan, "Par ligne — aujourd'hui", "E")] = Rule(rules, "network_line:telephony_calls_offered:today"),
            [new(Plan, "Appels par issue — aujourd'hui", "A")] = SameWindow(rules, "today",
                mix.SummedBy("outcome", LineCalls.OutcomeLabels, (l, o) => l.Outcome(o))),
            [new(Plan, "Niveau de service — aujourd'hui", "A")] = Rule(rules, "network_threshold:telephony_service_level_ratio:today"),
            [new(Plan, "Taux d'abandon en file — aujourd'hui", "A")] = Rule(rules, "network:telephony_queue_abandon_ratio:today"),
            [new(Plan, "Rappels — aujourd'hui", "A")] = SameWindow(rules, "today",
                mix.SummedBy("result", LineCalls.CallbackResults, (l, r) => l.Callbacks(r)) with { Others = ExpectedValue.Exactly(0) }),
            [new(Plan, "Autres règles officielles — aujourd'hui", "A")] = Rule(rules, "network:telephony_agent_pickup_ratio_counting_short_abandons:today"),
            [new(Plan, "Autres règles officielles — aujourd'hui", "B")] = Rule(rules, "network:telephony_agent_pickup_ratio_callback_requests_handled:today"),
            [new(Plan, "Autres règles officielles — aujourd'hui", "C")] = Rule(rules, "network:telephony_agent_pickup_ratio_callback_requests_missed:today"),

            [new(Live, "Appels en attente", "A")] = mix.PerQueue(_ => 0),
            [new(Live, "Attente la plus longue", "A")] = mix.PerQueue(_ => 0),
            [new(Live, "Agents disponibles", "A")] = mix.PerQueueOnly(q => q.AgentsReady),
            [new(Live, "Appels en attente et attente la plus longue", "A")] = Rule(rules, "network_queue:telephony_queue_waiting_calls:sum"),
            [new(Live, "Appels en attente et attente la plus longue", "B")] = Rule(rules, "network_queue:telephony_queue_longest_wait_seconds:max"),
            [new(Live, "Agents par état", "A")] = MixFigures.Of(QueueCalls.AgentStates.Select(s =>
                (MixFigures.Key(("state", s)), (double?)(s == "ready" ? mix.Queues.Sum(q => q.AgentsReady) : 0)))),
            [new(Live, "Niveau de service par file — heure glissante", "A")] = Rule(rules, "network_queue_threshold:telephony_queue_service_level_ratio:1h"),
            [new(Live, "Niveau de service par ligne — heure glissante", "A")] = Rule(rules, "network_line_threshold:telephony_service_level_ratio:1h"),
            [new(Live, "Taux par un agent — heure glissante", "A")] = Rule(rules, "network_line:telephony_agent_pickup_ratio:1h"),
            [new(Live, "Attente avant réponse — 90e centile (1 h)", "A")] = Rule(rules, "network_queue:telephony_queue_wait_seconds:p90_1h"),
            [new(Live, "Durée de traitement moyenne (1 h)", "A")] = Rule(rules, "network_queue:telephony_agent_handle_seconds:avg_1h"),
            [new(Live, "Entrés en file (1 h)", "A")] = Rule(rules, "network_queue:telephony_queue_entered:1h"),
            [new(Live, "Files avec des appels en attente et aucun agent disponible", "A")] = SeriesValues.None,
            [new(Live, "Appels en cours", "A")] = new OnceExported("telephony_active_calls", MixFigures.Single(0)),
            [new(Live, "Nœuds joignables", "A")] = MixFigures.Single(1),
            [new(Live, "Requêtes SIP par méthode", "A")] = Rule(rules, "instance_method:telephony_sip_requests:rate5m"),
            [new(Live, "Réponses SIP par classe", "A")] = Rule(rules, "instance_class:telephony_sip_responses:rate5m"),
            // A rate over the last minute: the calls may be over by now; while they are up, see WhileWaiting.
            [new(Live, "Paquets RTP", "A")] = new OnceExported("telephony_rtp_packets_sent_total", new EverySeries("≥ 0", s => s.Value >= 0, AtLeastOne: true)),
            [new(Live, "Paquets RTP", "B")] = new OnceExported("telephony_rtp_packets_received_total", new EverySeries("≥ 0", s => s.Value >= 0, AtLeastOne: true)),
            [new(Live, "Pertes RTP", "A")] = Rule(rules, "instance:telephony_rtp_packet_loss_ratio:rate5m"),
            [new(Live, "Gigue RTP — 95e centile", "A")] = Rule(rules, "instance:telephony_rtp_jitter_seconds:p95_5m"),
            [new(Live, "INVITE refusés par code SIP", "A")] = new EverySeries("0 (no INVITE refused in the mix)", s => s.Value == 0),
            [new(Live, "Erreurs média contenues", "A")] = new EverySeries("0 for each component (no media error in the mix)", s => s.Value == 0, AtLeastOne: true),

            [new(Satisfaction, "Note moyenne — aujourd'hui", "A")] = Rule(rules, "network:telephony_survey_score_average:today"),
            [new(Satisfaction, "Note moyenne — 7 jours glissants", "A")] = Rule(rules, "network:telephony_survey_score_average:7d"),
            [new(Satisfaction, "Réponses par note — aujourd'hui", "A")] = SameWindow(rules, "today", byScore),
            [new(Satisfaction, "Réponses par note — 7 jours glissants", "A")] = byScore,
            [new(Satisfaction, "Note moyenne — évolution (7 jours glissants)", "A")] = Rule(rules, "network:telephony_survey_score_average:7d"),
            [new(Satisfaction, "Part des appelants qui notent — 7 jours", "A")] = mix.PerNetwork(n =>
                n.Scores is { Count: > 0 } scores ? (double)scores.Count(s => s is not null) / scores.Count : null),
            [new(Satisfaction, "Note moyenne par ligne — 7 jours glissants", "A")] = Rule(rules, "network_line:telephony_survey_score_average:7d"),
            [new(Satisfaction, "Note moyenne par ligne — 7 jours glissants", "B")] = Rule(rules, "network_line:telephony_survey_score_average:today"),
        };
        CallbackExpectations.AddPanels(panels, mix, e => SameWindow(rules, "today", e), Rule(rules, "network:telephony_callback_completion_ratio:7d"));
        return panels;
    }

    /// <summary>While the two long-waiting callers are in the queue that has no agent: the live figures a supervisor watches.</summary>
    public static IReadOnlyDictionary<PanelTarget, Expectation> WhileWaiting(MixFigures mix, string queueWithoutAgent, int waiting)
    {
        var waitingQueue = mix.Queues.Single(q => q.Queue == queueWithoutAgent);
        string Key(QueueCalls q) => MixFigures.Key(("network", q.Network), ("queue", q.Queue));
        SeriesValues PerQueue(ExpectedValue waitingOne, ExpectedValue others) =>
            new(mix.Queues.ToDictionary(Key, q => q == waitingQueue ? waitingOne : others, StringComparer.Ordinal));
        return new Dictionary<PanelTarget, Expectation>
        {
            // A caller who hangs up at once may be counted for a second too: the two who wait, or one more.
            [new(Live, "Appels en attente", "A")] = PerQueue(ExpectedValue.Between(waiting, waiting + 1), ExpectedValue.Between(0, 1)),
            [new(Live, "Attente la plus longue", "A")] = PerQueue(ExpectedValue.Between(1, 30), ExpectedValue.Between(0, 30)),
            [new(Live, "Files avec des appels en attente et aucun agent disponible", "A")] = new SeriesValues(
                new Dictionary<string, ExpectedValue> { [Key(waitingQueue)] = ExpectedValue.Between(waiting, waiting + 1) }),
            [new(Live, "Appels en cours", "A")] = new OnceExported("telephony_active_calls",
                new SeriesValues(new Dictionary<string, ExpectedValue> { [string.Empty] = ExpectedValue.Between(waiting, 20) })),
            [new(Live, "Paquets RTP", "A")] = new OnceExported("telephony_rtp_packets_sent_total", new EverySeries("> 0 while calls are up", s => s.Value > 0, AtLeastOne: true)),
            [new(Live, "Paquets RTP", "B")] = new OnceExported("telephony_rtp_packets_received_total", new EverySeries("> 0 while calls are up", s => s.Value > 0, AtLeastOne: true)),
        };
    }

    private static Expectation Rule(IReadOnlyDictionary<string, Expectation> rules, string record) =>
        rules.TryGetValue(record, out var expected) ? expected : throw new KeyNotFoundException($"no expectation for the rule {record}");

    /// <summary>A panel summing a window's counts: checked when that window's rules are (not when Paris midnight passed).</summary>
    private static Expectation SameWindow(IReadOnlyDictionary<string, Expectation> rules, string window, Expectation expected) =>
        Rule(rules, $"network_line:telephony_calls_offered:{window}") is AnswersWithoutError partial ? partial : expected;
}
