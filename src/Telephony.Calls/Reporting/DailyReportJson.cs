namespace Telephony.Calls.Reporting;

/// <summary>
/// The daily report as JSON: the range, where the definitions are, and the rows of <see cref="DailyReport"/> in three
/// lists. Rates are fractions of 1; a rate or an average with nothing to divide by is null.
/// </summary>
public static class DailyReportJson
{
    /// <summary>Where every figure is defined, relative to the repository root.</summary>
    public const string Definitions = "dashboards/README.md";

    /// <summary>How callbacks enter the rates: said in every report.</summary>
    public const string CallbackNote =
        "Callbacks completed (Rc) and failed (Rf) are counted from the callbacks' own records, on the day each ended; they are not offered calls.";

    public static object Of(DailyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new
        {
            from = CsvText.Day(report.From),
            to = CsvText.Day(report.To),
            timeZone = "Europe/Paris",
            definitions = Definitions,
            notes = new[] { CallbackNote },
            lines = report.Lines.Select(r => new { network = r.Network, line = r.Line, day = CsvText.Day(r.From), figures = Figures(r.Figures) }),
            networks = report.Networks.Select(r => new { network = r.Network, day = CsvText.Day(r.From), figures = Figures(r.Figures) }),
            totals = report.NetworkTotals.Select(r => new { network = r.Network, from = CsvText.Day(r.From), to = CsvText.Day(r.To), figures = Figures(r.Figures) }),
        };
    }

    private static object Figures(CallFigures f) => new
    {
        offered = f.Offered,
        outcomes = f.Outcomes.ByLabel().ToDictionary(o => o.Outcome, o => o.Calls),
        agentRate = new
        {
            handled = PickupRates.AgentHandled(f.Outcomes),
            required = PickupRates.AgentRequired(f.Outcomes),
            rate = ReportPrecision.Round(f.AgentRate, ReportPrecision.Rate),
        },
        globalRate = new
        {
            handled = PickupRates.GlobalHandled(f.Outcomes),
            required = PickupRates.GlobalRequired(f.Outcomes),
            rate = ReportPrecision.Round(f.GlobalRate, ReportPrecision.Rate),
        },
        serviceLevel = new Dictionary<string, double?>
        {
            ["20"] = ReportPrecision.Round(f.ServiceLevel20, ReportPrecision.Rate),
            ["60"] = ReportPrecision.Round(f.ServiceLevel60, ReportPrecision.Rate),
            ["120"] = ReportPrecision.Round(f.ServiceLevel120, ReportPrecision.Rate),
        },
        averageWaitSeconds = ReportPrecision.Round(f.AverageWaitSeconds, ReportPrecision.Seconds),
        satisfaction = new { average = ReportPrecision.Round(f.SatisfactionAverage, ReportPrecision.Score), answers = f.SurveyAnswers },
    };
}
