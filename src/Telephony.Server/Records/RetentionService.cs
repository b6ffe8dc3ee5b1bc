using Microsoft.Extensions.Options;
using Telephony.Calls.Configuration;
using Telephony.Storage;

namespace Telephony.Server.Records;

/// <summary>
/// Purges call records and callback requests older than <c>Storage:RetentionDays</c>, and the numbers' recent calls
/// (the repeat-caller hint) older than <c>Callers:RecentDays</c>: a minute after start-up, then
/// every six hours. On PostgreSQL one node purges at a time (an advisory lock, see <see cref="RecordRetention"/>); the
/// purge is idempotent, so a node that skips its turn loses nothing.
/// </summary>
public sealed class RetentionService(
    RecordRetention retention, StorageOptions storage, IOptions<CallerSettings> callers, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    public static readonly TimeSpan FirstRun = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRun, time, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await PurgeOnceAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task PurgeOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cutoff = now.AddDays(-storage.RetentionDays);
        try
        {
            var result = await retention.PurgeAsync(cutoff, ct, now.AddDays(-callers.Value.RecentDays));
            if (result is null)
            {
                logger.LogInformation("Retention: another node is purging; skipped");
            }
            else if (result.CallRecords + result.CallbackRequests + result.CallerCalls > 0)
            {
                logger.LogInformation("Retention ({Days} days): purged {Records} call record(s) and {Callbacks} callback request(s) older than {Cutoff:O}, {CallerCalls} caller-history row(s) older than {RecentDays} days",
                    storage.RetentionDays, result.CallRecords, result.CallbackRequests, cutoff, result.CallerCalls, callers.Value.RecentDays);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(error, "Retention purge failed; trying again in {Interval}", Interval);
        }
    }
}
