using Microsoft.Extensions.Options;
using Telephony.Calls;
using Telephony.Calls.Agents;
using Telephony.Calls.Reporting;
using Telephony.Grains.Abstractions;
using Telephony.Storage;

namespace Telephony.Server.Wallboard;

/// <summary>
/// Builds the wallboard's figures: today's rates per network from the call records (<see cref="CallReports"/>, as
/// the daily report counts them: dashboards/README.md), and the live queues from the queue grains (waiting calls,
/// longest wait, agents Ready, as <c>GET /admin/queues</c> reads them) and the agent grains (agents Ready per network,
/// each counted once however many of its queues it serves). Built at most once per refresh interval for all screens.
/// </summary>
public sealed class WallboardBoard(
    CallReports reports,
    ILineScripts scripts,
    ICallCentreGrains grains,
    IAgentRepository agents,
    IOptions<WallboardSettings> settings,
    TimeProvider time,
    ILogger<WallboardBoard> logger)
{
    private static readonly TimeSpan GrainPatience = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _building = new(1, 1);
    private volatile WallboardView? _last;

    /// <summary>The figures, read again when the last ones are older than most of the refresh interval.</summary>
    public async Task<WallboardView> CurrentAsync(CancellationToken ct)
    {
        var freshFor = settings.Value.RefreshInterval * 0.8;
        if (_last is { } fresh && time.GetUtcNow() - fresh.UpdatedAt < freshFor)
        {
            return fresh;
        }

        await _building.WaitAsync(ct);
        try
        {
            if (_last is { } built && time.GetUtcNow() - built.UpdatedAt < freshFor)
            {
                return built;
            }

            _last = await BuildAsync(ct);
            return _last;
        }
        finally
        {
            _building.Release();
        }
    }

    private async Task<WallboardView> BuildAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var set = scripts.Current;
        var queues = set.Queues.All;
        var today = reports.TodayAsync(ct);
        var stats = Task.WhenAll(queues.Select(q => StatsOfAsync(q.Id, ct)));
        var ready = ReadyAgentsAsync(ct);
        var report = await today;
        var queueStats = (await stats).ToDictionary(s => s.QueueId, s => s.Stats, StringComparer.Ordinal);
        var readyAgents = await ready;

        var networks = set.Scripts.Select(s => s.Network).Concat(report.NetworkTotals.Select(r => r.Network))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var view = networks.Select(network =>
        {
            var figures = report.NetworkTotals.FirstOrDefault(r => r.Network == network)?.Figures ?? CallFigures.None;
            var own = queues.Where(q => q.Network == network).ToList();
            var live = own.Select(q => new WallboardQueue(
                    q.Id,
                    q.Name,
                    queueStats[q.Id]?.Waiting,
                    queueStats[q.Id] is { } s ? Math.Round(s.LongestWait.TotalSeconds, 1) : null,
                    queueStats[q.Id]?.AgentsByStatus.GetValueOrDefault(AgentStatus.Ready)))
                .ToList();
            var reachable = live.Where(q => q.Waiting is not null).ToList();
            var ownIds = own.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
            return new WallboardNetwork(
                network,
                figures.Offered,
                Rate(PickupRates.AgentRate(figures.Outcomes), PickupRates.AgentHandled(figures.Outcomes), PickupRates.AgentRequired(figures.Outcomes)),
                Rate(PickupRates.GlobalRate(figures.Outcomes), PickupRates.GlobalHandled(figures.Outcomes), PickupRates.GlobalRequired(figures.Outcomes)),
                reachable.Count == 0 ? null : reachable.Sum(q => q.Waiting!.Value),
                reachable.Count == 0 ? null : reachable.Max(q => q.LongestWaitSeconds!.Value),
                readyAgents?.Count(a => a.LoggedInQueues.Any(ownIds.Contains)),
                live);
        }).ToList();
        return new WallboardView(CsvText.Day(report.From), now, PickupRates.Target, view);
    }

    private static WallboardRate Rate(double? rate, long handled, long required) =>
        new(ReportPrecision.Round(rate, ReportPrecision.Rate), handled, required, StandingName(PickupRates.StandingOf(rate)));

    private static string StandingName(RateStanding standing) => standing switch
    {
        RateStanding.OnTarget => "on_target",
        RateStanding.Below => "below",
        RateStanding.FarBelow => "far_below",
        _ => "no_calls",
    };

    private async Task<(string QueueId, QueueStats? Stats)> StatsOfAsync(string queueId, CancellationToken ct)
    {
        try
        {
            return (queueId, await grains.GetQueueStatsAsync(queueId).WaitAsync(GrainPatience, time, ct));
        }
        catch (Exception error) when (error is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogWarning(error, "Wallboard: queue {Queue} unavailable", queueId);
            return (queueId, null);
        }
    }

    /// <summary>The states of the enabled agents who are Ready; null when the agents cannot be listed.</summary>
    private async Task<IReadOnlyList<AgentState>?> ReadyAgentsAsync(CancellationToken ct)
    {
        IReadOnlyList<StoredAgent> stored;
        try
        {
            stored = await agents.ListAsync(ct);
        }
        catch (Exception error) when (error is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogWarning(error, "Wallboard: agents unavailable");
            return null;
        }

        var states = await Task.WhenAll(stored.Where(a => a.Enabled).Select(async agent =>
        {
            try
            {
                return await grains.GetStateAsync(agent.Id).WaitAsync(GrainPatience, time, ct);
            }
            catch (Exception error) when (error is not OutOfMemoryException and not OperationCanceledException)
            {
                // One agent's grain out of reach: the others still count.
                logger.LogInformation(error, "Wallboard: state of agent {AgentId} unavailable", agent.Id);
                return null;
            }
        }));
        return states.Where(s => s is { Status: AgentStatus.Ready }).Select(s => s!).ToList();
    }
}
