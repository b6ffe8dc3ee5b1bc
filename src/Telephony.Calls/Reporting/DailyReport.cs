using Telephony.Storage;

namespace Telephony.Calls.Reporting;

/// <summary>What a report row covers: one line on one day, a network's lines on one day, or a network over the whole range.</summary>
public enum ReportLevel
{
    Line,
    Network,
    NetworkTotal,
}

/// <summary>One row of the report: the figures of a line or a network from <see cref="From"/> to <see cref="To"/> (Paris days, inclusive).</summary>
/// <param name="Line">Null for a network's rows.</param>
public sealed record ReportRow(ReportLevel Level, string Network, string? Line, DateOnly From, DateOnly To, CallFigures Figures);

/// <summary>
/// The daily report over Paris days <see cref="From"/> to <see cref="To"/>: per network, line and day; per network
/// and day; per network over the range. Only lines and days with calls have rows. Every figure is counted as
/// dashboards/README.md says; a call counts on the Paris day it ended (as Prometheus counts its outcome).
/// </summary>
public sealed record DailyReport(DateOnly From, DateOnly To, IReadOnlyList<ReportRow> Lines, IReadOnlyList<ReportRow> Networks, IReadOnlyList<ReportRow> NetworkTotals)
{
    /// <summary>Every row: lines, then networks by day, then networks over the range.</summary>
    public IEnumerable<ReportRow> AllRows => Lines.Concat(Networks).Concat(NetworkTotals);

    /// <summary>Adds up the database's hourly counts into Paris days; hours outside the range are ignored.</summary>
    public static DailyReport Build(IEnumerable<CallHourCounts> hours, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var lineDays = new Dictionary<(string Network, string Line, DateOnly Day), CallFigures>();
        foreach (var hour in hours)
        {
            var day = ParisDays.DayOf(hour.HourUtc);
            if (day < from || day > to)
            {
                continue;
            }

            var key = (hour.Network, hour.Line, day);
            lineDays[key] = lineDays.GetValueOrDefault(key, CallFigures.None).Plus(CallFigures.Of(hour));
        }

        var lines = lineDays
            .OrderBy(e => e.Key.Network, StringComparer.Ordinal).ThenBy(e => e.Key.Line, StringComparer.Ordinal).ThenBy(e => e.Key.Day)
            .Select(e => new ReportRow(ReportLevel.Line, e.Key.Network, e.Key.Line, e.Key.Day, e.Key.Day, e.Value))
            .ToList();
        var networks = lines
            .GroupBy(r => (r.Network, r.From))
            .OrderBy(g => g.Key.Network, StringComparer.Ordinal).ThenBy(g => g.Key.From)
            .Select(g => new ReportRow(ReportLevel.Network, g.Key.Network, null, g.Key.From, g.Key.From, Sum(g)))
            .ToList();
        var totals = lines
            .GroupBy(r => r.Network)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ReportRow(ReportLevel.NetworkTotal, g.Key, null, from, to, Sum(g)))
            .ToList();
        return new DailyReport(from, to, lines, networks, totals);
    }

    private static CallFigures Sum(IEnumerable<ReportRow> rows) => rows.Aggregate(CallFigures.None, (sum, row) => sum.Plus(row.Figures));
}
