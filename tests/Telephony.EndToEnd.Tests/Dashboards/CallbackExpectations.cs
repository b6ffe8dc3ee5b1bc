namespace Telephony.EndToEnd.Tests.Dashboards;

/// <summary>
/// The rules of callbacks.yml and the panels of « Rappels et rendez-vous » for the mix: one callback requested and
/// still pending (its queue has no agent, so it is never dialled), no attempt, no completion, no appointment, and no
/// SMS (the test sets no gateway). Figures read from the callback dialler's metrics are checked once the server
/// exports them; until then for "no error" only.
/// </summary>
public static class CallbackExpectations
{
    private const string Dashboard = "rappels-rendez-vous.json";

    private const string Pending = "telephony_callbacks_pending";
    private const string Attempts = "telephony_callback_attempts_total";
    private const string Completion = "telephony_callback_completion_seconds_bucket";

    /// <summary>No such series, or each at 0: results the mix never reaches, declared at 0 or not at all.</summary>
    private static readonly SeriesValues ZeroIfAny = new(new Dictionary<string, ExpectedValue>(), ExpectedValue.Exactly(0));

    public static void AddRules(IDictionary<string, Expectation> rules, MixFigures mix)
    {
        rules["network_line:telephony_callbacks_pending:sum"] = new OnceExported(Pending, PendingPerLine(mix));
        rules["network_line_result:telephony_callback_attempts:1h"] = new OnceExported(Attempts, ZeroIfAny);
        foreach (var level in new[] { "network_line", "network" })
        {
            foreach (var quantile in new[] { "p50_1d", "p90_1d" })
            {
                rules[$"{level}:telephony_callback_completion_seconds:{quantile}"] = new OnceExported(Completion, SeriesValues.None);
            }
        }

        // Nothing sent, nothing given up: no ratio (never NaN), whether or not the SMS series exist.
        rules["network:telephony_sms_failure_ratio:1h"] = SeriesValues.None;
    }

    /// <param name="today">How a figure of the "today" window is expected (not checked when Paris midnight passed).</param>
    public static void AddPanels(IDictionary<PanelTarget, Expectation> panels, MixFigures mix, Func<Expectation, Expectation> today, Expectation completionRatio)
    {
        PanelTarget Panel(string title, string refId = "A") => new(Dashboard, title, refId);
        panels[Panel("Rappels demandés — aujourd'hui")] = today(mix.PerNetwork(n => n.CB));
        panels[Panel("Rappels aboutis — aujourd'hui")] = today(mix.PerNetwork(n => n.Rc));
        panels[Panel("Rappels en échec — aujourd'hui")] = today(mix.PerNetwork(n => n.Rf));
        panels[Panel("Rappels en attente")] = new OnceExported(Pending, mix.PerNetwork(n => n.Pending));
        panels[Panel("Rappels par ligne — aujourd'hui", "A")] = today(mix.PerLine(l => l.CB));
        panels[Panel("Rappels par ligne — aujourd'hui", "B")] = today(mix.PerLine(l => l.Rc));
        panels[Panel("Rappels par ligne — aujourd'hui", "C")] = today(mix.PerLine(l => l.Rf));
        panels[Panel("Rappels par ligne — aujourd'hui", "D")] = ZeroIfAny;
        panels[Panel("Rappels par ligne — aujourd'hui", "E")] = new OnceExported(Pending, PendingPerLine(mix));
        panels[Panel("Rappels aboutis sur rappels terminés — 7 jours")] = completionRatio;
        panels[Panel("Rappels demandés, aboutis et en échec — heure glissante")] = mix.SummedBy(
            "result", new[] { "requested", "completed", "failed" }, (l, r) => l.Callbacks(r));
        panels[Panel("Tentatives de rappel par résultat — heure glissante")] = new OnceExported(Attempts, ZeroIfAny);
        panels[Panel("Délai entre la demande et le rappel abouti — médiane et 90e centile (24 h)", "A")] = new OnceExported(Completion, SeriesValues.None);
        panels[Panel("Délai entre la demande et le rappel abouti — médiane et 90e centile (24 h)", "B")] = new OnceExported(Completion, SeriesValues.None);
        panels[Panel("Délai jusqu'au rappel abouti par ligne — 24 h", "A")] = new OnceExported(Completion, SeriesValues.None);
        panels[Panel("Délai jusqu'au rappel abouti par ligne — 24 h", "B")] = new OnceExported(Completion, SeriesValues.None);

        // Every line's appointment series exist at 0 from its loading, so an increase() over them is exactly 0.
        panels[Panel("Rendez-vous pris et annulés — période affichée")] = mix.SummedBy("result", new[] { "booked", "cancelled" }, (_, _) => 0);
        panels[Panel("Demandes de rendez-vous par ligne et résultat — période affichée")] = MixFigures.Of(mix.Lines.SelectMany(l =>
            LineCalls.AppointmentResults.Select(r => (MixFigures.Key(("line", l.Line), ("result", r)), (double?)0))));

        panels[Panel("SMS envoyés et en échec — période affichée")] = ZeroIfAny;
        panels[Panel("SMS en échec — part sur l'heure glissante")] = SeriesValues.None;
        panels[Panel("SMS par type et résultat — période affichée")] = ZeroIfAny;
    }

    /// <summary>The lines holding a pending callback; any other line's series, if exported, at 0.</summary>
    private static SeriesValues PendingPerLine(MixFigures mix) =>
        MixFigures.Of(mix.Lines.Where(l => l.Pending > 0).Select(l => (MixFigures.Key(("network", l.Network), ("line", l.Line)), (double?)l.Pending)))
            with { Others = ExpectedValue.Exactly(0) };
}
