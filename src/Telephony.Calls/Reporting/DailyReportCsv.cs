using System.Text;

namespace Telephony.Calls.Reporting;

/// <summary>
/// The daily report as one CSV table: a row per network, line and day (<c>level</c> <c>line</c>), per network and
/// day (<c>network</c>) and per network over the range (<c>network_total</c>); <c>from</c> and <c>to</c> are the
/// Paris days the row covers. Rates are fractions of 1 (0.8571); no rate is an empty field.
/// </summary>
public static class DailyReportCsv
{
    private static readonly (string Name, Func<ReportRow, string> Value)[] Columns =
    [
        ("level", r => LevelName(r.Level)),
        ("network", r => r.Network),
        ("line", r => r.Line ?? ""),
        ("from", r => CsvText.Day(r.From)),
        ("to", r => CsvText.Day(r.To)),
        ("offered", r => CsvText.Integer(r.Figures.Offered)),
        ("answered_agent", r => CsvText.Integer(r.Figures.Outcomes.AnsweredAgent)),
        ("handled_ivr", r => CsvText.Integer(r.Figures.Outcomes.HandledIvr)),
        ("abandoned_ivr", r => CsvText.Integer(r.Figures.Outcomes.AbandonedIvr)),
        ("abandoned_queue", r => CsvText.Integer(r.Figures.Outcomes.AbandonedQueue)),
        ("abandoned_queue_short", r => CsvText.Integer(r.Figures.Outcomes.AbandonedQueueShort)),
        ("callback_requested", r => CsvText.Integer(r.Figures.Outcomes.CallbackRequested)),
        ("closed", r => CsvText.Integer(r.Figures.Outcomes.Closed)),
        ("saturated", r => CsvText.Integer(r.Figures.Outcomes.Saturated)),
        ("transferred", r => CsvText.Integer(r.Figures.Outcomes.Transferred)),
        ("dropped", r => CsvText.Integer(r.Figures.Outcomes.Dropped)),
        ("agent_handled", r => CsvText.Integer(PickupRates.AgentHandled(r.Figures.Outcomes))),
        ("agent_required", r => CsvText.Integer(PickupRates.AgentRequired(r.Figures.Outcomes))),
        ("agent_rate", r => CsvText.Number(r.Figures.AgentRate, ReportPrecision.Rate)),
        ("global_handled", r => CsvText.Integer(PickupRates.GlobalHandled(r.Figures.Outcomes))),
        ("global_required", r => CsvText.Integer(PickupRates.GlobalRequired(r.Figures.Outcomes))),
        ("global_rate", r => CsvText.Number(r.Figures.GlobalRate, ReportPrecision.Rate)),
        ("service_level_20s", r => CsvText.Number(r.Figures.ServiceLevel20, ReportPrecision.Rate)),
        ("service_level_60s", r => CsvText.Number(r.Figures.ServiceLevel60, ReportPrecision.Rate)),
        ("service_level_120s", r => CsvText.Number(r.Figures.ServiceLevel120, ReportPrecision.Rate)),
        ("average_wait_seconds", r => CsvText.Number(r.Figures.AverageWaitSeconds, ReportPrecision.Seconds)),
        ("satisfaction_average", r => CsvText.Number(r.Figures.SatisfactionAverage, ReportPrecision.Score)),
        ("satisfaction_answers", r => CsvText.Integer(r.Figures.SurveyAnswers)),
    ];

    public static IReadOnlyList<string> Header { get; } = Columns.Select(c => c.Name).ToList();

    public static string Write(DailyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        CsvText.AppendLine(text, Header);
        foreach (var row in report.AllRows)
        {
            CsvText.AppendLine(text, Columns.Select(c => c.Value(row)));
        }

        return text.ToString();
    }

    public static string LevelName(ReportLevel level) => level switch
    {
        ReportLevel.Line => "line",
        ReportLevel.Network => "network",
        ReportLevel.NetworkTotal => "network_total",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown report level."),
    };
}
