using Microsoft.Extensions.Options;
using Telephony.Calls.Reporting;

namespace Telephony.Server.Reporting;

/// <summary>
/// The open-data CSV, built at most once an hour and again when the day changes: anyone may download it, and a year
/// of records takes seconds to count (365,000 calls on SQLite: about 5 s of query, 12 s for `telephony report`, on a
/// loaded 2-core machine), so a public route must not count them at every request. Complete days only change when a
/// late record arrives (a call of a node that died, closed by another): within the hour.
/// </summary>
public sealed class OpenDataFile(CallReports reports, IOptions<OpenDataSettings> settings, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly SemaphoreSlim _building = new(1, 1);
    private volatile Built? _built;

    public async Task<string> CsvAsync(CancellationToken ct)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _building.WaitAsync(ct);
        try
        {
            if (Fresh() is { } built)
            {
                return built;
            }

            var table = new OpenDataTable(settings.Value.MinimumCalls);
            var csv = table.Csv(await reports.CompleteDaysAsync(settings.Value.Days, ct));
            _built = new Built(reports.Today, time.GetUtcNow(), csv);
            return csv;
        }
        finally
        {
            _building.Release();
        }
    }

    private string? Fresh() =>
        _built is { } built && built.Today == reports.Today && time.GetUtcNow() - built.At < Lifetime ? built.Csv : null;

    private sealed record Built(DateOnly Today, DateTimeOffset At, string Csv);
}
