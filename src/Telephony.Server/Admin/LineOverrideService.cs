using System.Collections.Immutable;
using Telephony.Ivr;
using Telephony.Storage;

namespace Telephony.Server.Admin;

/// <summary>
/// Operator overrides as every call sees them. Reads come from memory (calls must not wait on the database);
/// writes go to the database first, then memory, so an acknowledged change survives a restart. Other nodes pick a
/// change up within <see cref="RefreshInterval"/>.
/// </summary>
public sealed class LineOverrideService(LineOverrideRepository repository, TimeProvider time, ILogger<LineOverrideService> logger)
    : BackgroundService, ILineOverrides
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private volatile ImmutableDictionary<string, StoredLineOverride> _overrides = ImmutableDictionary<string, StoredLineOverride>.Empty;

    public LineOverride? Get(string scriptName) =>
        _overrides.TryGetValue(scriptName, out var stored) ? ToOverride(stored) : null;

    public IReadOnlyDictionary<string, StoredLineOverride> Current => _overrides;

    public async Task SetAsync(string scriptName, LineOverrideKind kind, string? message, DateTimeOffset? until, CancellationToken ct)
    {
        var stored = new StoredLineOverride
        {
            ScriptName = scriptName,
            Kind = kind == LineOverrideKind.ForcedClosed ? "closed" : "open",
            Message = message,
            Until = until,
            SetAt = time.GetUtcNow(),
        };
        await repository.SetAsync(stored, ct);
        _overrides = _overrides.SetItem(scriptName, stored);
        logger.LogWarning("Line {Script} forced {Kind} until {Until}: {Message}", scriptName, stored.Kind, until?.ToString("O") ?? "removed", message);
    }

    public async Task<bool> RemoveAsync(string scriptName, CancellationToken ct)
    {
        var removed = await repository.RemoveAsync(scriptName, ct);
        _overrides = _overrides.Remove(scriptName);
        if (removed)
        {
            logger.LogWarning("Line {Script}: override removed, opening hours apply again", scriptName);
        }

        return removed;
    }

    /// <summary>Loads the stored overrides; called before the SIP port opens so the first call already obeys them.</summary>
    public async Task LoadAsync(CancellationToken ct) =>
        _overrides = (await repository.ListAsync(ct)).ToImmutableDictionary(o => o.ScriptName, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await LoadAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Keep the last known overrides: a database hiccup must not reopen a line closed for a strike.
                logger.LogWarning(error, "Could not refresh line overrides; keeping the last known ones");
            }
        }
    }

    private static LineOverride ToOverride(StoredLineOverride stored) => new(
        stored.Kind == "closed" ? LineOverrideKind.ForcedClosed : LineOverrideKind.ForcedOpen,
        stored.Message,
        stored.Until);
}
