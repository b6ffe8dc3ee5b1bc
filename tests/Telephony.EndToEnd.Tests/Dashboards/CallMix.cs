namespace Telephony.EndToEnd.Tests.Dashboards;

/// <summary>
/// The calls a line received, by final outcome in the notation of dashboards/README.md (« Les issues d'un appel »),
/// and the figures that page defines from them. Each formula is written here once, from the README, not from the
/// rules: the test compares what the rules compute with what the README says they compute.
/// </summary>
/// <param name="Scores">The survey answers given, 1 to 5 (null: the caller gave none).</param>
public sealed record LineCalls(
    string Network,
    string Line,
    int A = 0,
    int H = 0,
    int AI = 0,
    int AQ = 0,
    int AQS = 0,
    int CB = 0,
    int C = 0,
    int S = 0,
    int T = 0,
    int D = 0,
    int Rc = 0,
    int Rf = 0,
    IReadOnlyList<int?>? Scores = null)
{
    /// <summary>The outcome labels of telephony_calls_outcome_total, every one declared at 0 for each line.</summary>
    public static readonly IReadOnlyList<string> OutcomeLabels =
        ["answered_agent", "handled_ivr", "abandoned_ivr", "abandoned_queue", "abandoned_queue_short", "callback_requested", "closed", "saturated", "transferred", "dropped"];

    public static readonly IReadOnlyList<string> CallbackResults = ["requested", "refused", "completed", "failed"];

    /// <summary>The appointment results of telephony_appointments_total, declared at 0 for each line.</summary>
    public static readonly IReadOnlyList<string> AppointmentResults = ["booked", "already_booked", "slot_full", "cancelled"];

    public static readonly IReadOnlyList<string> ScoreLabels = ["1", "2", "3", "4", "5", "none"];

    public static readonly IReadOnlyList<int> Thresholds = [20, 60, 120];

    /// <summary>Every call presented to the line gets one final outcome; callbacks are not calls presented.</summary>
    public int Offered => A + H + AI + AQ + AQS + CB + C + S + T + D;

    public int Outcome(string label) => label switch
    {
        "answered_agent" => A,
        "handled_ivr" => H,
        "abandoned_ivr" => AI,
        "abandoned_queue" => AQ,
        "abandoned_queue_short" => AQS,
        "callback_requested" => CB,
        "closed" => C,
        "saturated" => S,
        "transferred" => T,
        "dropped" => D,
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "not an outcome"),
    };

    /// <summary>Stored callbacks (telephony_callbacks_total{result}): a request is one stored, its end completed or failed.</summary>
    public int Callbacks(string result) => result switch
    {
        "requested" => CB,
        "refused" => 0,
        "completed" => Rc,
        "failed" => Rf,
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "not a callback result"),
    };

    /// <summary>Callbacks stored and not ended (none is cancelled in the mix): telephony_callbacks_pending.</summary>
    public int Pending => CB - Rc - Rf;

    /// <summary>Calls an agent answered within the threshold of joining the queue: in this mix every agent answers within a few seconds.</summary>
    public int AnsweredWithin(int threshold) => A;

    public int SurveyAnswers(string score) => (Scores ?? []).Count(s => (s?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none") == score);

    // Taux de décroché par un agent = (A + Rc) / (A + AQ + S + D + Rc + Rf)
    public int AgentHandled => A + Rc;

    public int AgentRequired => A + AQ + S + D + Rc + Rf;

    public double? AgentRate => Ratio(AgentHandled, AgentRequired);

    // Taux de décroché global = (A + H + Rc) / (A + H + AI + AQ + S + D + Rc + Rf)
    public int GlobalHandled => A + H + Rc;

    public int GlobalRequired => A + H + AI + AQ + S + D + Rc + Rf;

    public double? GlobalRate => Ratio(GlobalHandled, GlobalRequired);

    /// <summary>Niveau de service = answered within N s / (A + AQ), the calls that waited in a queue for an agent.</summary>
    public double? ServiceLevel(int threshold) => Ratio(AnsweredWithin(threshold), A + AQ);

    /// <summary>Taux d'abandon en file = AQ / (A + AQ).</summary>
    public double? AbandonRate => Ratio(AQ, A + AQ);

    /// <summary>Note moyenne = sum of the scores / answers with a score.</summary>
    public double? AverageScore => (Scores ?? []).OfType<int>().ToList() is { Count: > 0 } given ? given.Average() : null;

    // « Dériver une autre règle officielle »: the three variants recorded for today.
    public double? AgentRateCountingShortAbandons => Ratio(A + Rc, A + AQ + AQS + S + D + Rc + Rf);

    public double? AgentRateCallbackRequestsHandled => Ratio(A + CB, A + AQ + S + D + CB);

    public double? AgentRateCallbackRequestsMissed => Ratio(A, A + AQ + S + D + CB);

    public double? CallbackCompletion => Ratio(Rc, Rc + Rf);

    /// <summary>A network's figures: its lines' calls added up (then divided: never an average of the lines' rates).</summary>
    public static LineCalls SumOf(string network, IEnumerable<LineCalls> lines)
    {
        var of = lines.Where(l => l.Network == network).ToList();
        return new LineCalls(
            network, "*", of.Sum(l => l.A), of.Sum(l => l.H), of.Sum(l => l.AI), of.Sum(l => l.AQ), of.Sum(l => l.AQS), of.Sum(l => l.CB),
            of.Sum(l => l.C), of.Sum(l => l.S), of.Sum(l => l.T), of.Sum(l => l.D), of.Sum(l => l.Rc), of.Sum(l => l.Rf),
            of.SelectMany(l => l.Scores ?? []).ToList());
    }

    /// <summary>A rate with nothing in its denominator has no sample: dashboards show "no data".</summary>
    private static double? Ratio(int numerator, int denominator) => denominator > 0 ? (double)numerator / denominator : null;
}

/// <summary>
/// What a queue saw: callers an agent answered (within 5 s of joining), callers who hung up waiting, the agents ready
/// at the end, and the agents' talk time (as the phones were told to talk, plus what the network adds).
/// </summary>
public sealed record QueueCalls(string Network, string Queue, int Answered, int Abandoned, int AgentsReady, ExpectedValue TalkSeconds)
{
    public static readonly IReadOnlyList<string> AgentStates = ["logged_out", "ready", "reserved", "ringing", "on_call", "wrap_up", "paused"];

    public int Entered => Answered + Abandoned;
}
