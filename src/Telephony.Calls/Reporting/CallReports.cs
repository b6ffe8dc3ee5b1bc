using Telephony.Storage;

namespace Telephony.Calls.Reporting;

/// <summary>
/// The reports from the call records: the admin API's and the command line's daily report, the open data and the
/// wallboard's figures of today all come through here (aggregation: <see cref="CallCountRepository"/>; rates:
/// <see cref="PickupRates"/>).
/// </summary>
public sealed class CallReports(CallCountRepository counts, TimeProvider time)
{
    /// <summary>Today in Paris, by the service's clock.</summary>
    public DateOnly Today => ParisDays.Today(time);

    public async Task<DailyReport> DailyAsync(ReportRange range, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(range);
        var hours = await counts.CountByHourAsync(ParisDays.StartUtc(range.From), ParisDays.StartUtc(range.To.AddDays(1)), ct).ConfigureAwait(false);
        return DailyReport.Build(hours, range.From, range.To);
    }

    /// <summary>Today so far, in Paris.</summary>
    public Task<DailyReport> TodayAsync(CancellationToken ct) => DailyAsync(new ReportRange(Today, Today), ct);

    /// <summary>The <paramref name="days"/> complete Paris days before today (today, still going on, is left out).</summary>
    public Task<DailyReport> CompleteDaysAsync(int days, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var yesterday = Today.AddDays(-1);
        return DailyAsync(new ReportRange(yesterday.AddDays(1 - days), yesterday), ct);
    }
}
