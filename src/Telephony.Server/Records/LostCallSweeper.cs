using Telephony.Calls;
using Telephony.Calls.Metrics;
using Telephony.Calls.Recording;
using Telephony.Storage;

namespace Telephony.Server.Records;

/// <summary>
/// Closes as <c>dropped</c> / <c>node_lost</c> the call records a dead node left open, and counts them as dropped:
/// <list type="bullet">
/// <item>at start-up, the rows of this node's previous run (once every buffered write of that run is stored, so a
/// call that did end is never closed as lost);</item>
/// <item>then, on every membership change and every half minute, the rows of the silos Orleans declares dead, by the
/// oldest active silo alone (every node computes the same one from the same snapshot; closing is idempotent anyway,
/// and a row is counted only by the node whose update closed it).</item>
/// </list>
/// </summary>
public sealed class LostCallSweeper(
    ICallRecordRepository records,
    CallRecordWriter writer,
    NodeIdentity node,
    NodeAliveFile alive,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    TelephonyMetrics metrics,
    TimeProvider time,
    ILogger<LostCallSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(30);

    private readonly HashSet<SiloAddress> _swept = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await writer.Drained.WaitAsync(stoppingToken);
            await SweepPreviousRunAsync(stoppingToken);
            await WatchMembershipAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task SweepPreviousRunAsync(CancellationToken ct)
    {
        var lastSeen = alive.PreviousRunLastSeen ?? time.GetUtcNow();
        while (true)
        {
            try
            {
                Count(await records.CloseLostByNodeAsync(node.Id, node.Instance, lastSeen, ct), $"this node's previous run (last alive {lastSeen:O})");
                return;
            }
            catch (Exception error) when (StorageErrors.IsUnavailable(error) && !ct.IsCancellationRequested)
            {
                logger.LogWarning(error, "Cannot close the calls of this node's previous run yet: the database does not answer");
                await Task.Delay(Recheck, time, ct);
            }
        }
    }

    private async Task WatchMembershipAsync(CancellationToken ct)
    {
        await using var updates = membership.MembershipUpdates.GetAsyncEnumerator(ct);
        var nextUpdate = updates.MoveNextAsync().AsTask();
        while (!ct.IsCancellationRequested)
        {
            await SweepDeadSilosAsync(membership.CurrentSnapshot, ct);
            var recheck = Task.Delay(Recheck, time, ct);
            if (await Task.WhenAny(nextUpdate, recheck) == nextUpdate)
            {
                if (!await nextUpdate)
                {
                    return;
                }

                nextUpdate = updates.MoveNextAsync().AsTask();
            }
        }
    }

    private async Task SweepDeadSilosAsync(ClusterMembershipSnapshot snapshot, CancellationToken ct)
    {
        var members = snapshot.Members.Values;
        var actor = members.Where(m => m.Status == SiloStatus.Active)
            .OrderBy(m => m.SiloAddress.Generation)
            .ThenBy(m => m.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .FirstOrDefault();
        if (actor is null || !actor.SiloAddress.Equals(silo.SiloAddress))
        {
            return;
        }

        foreach (var dead in members.Where(m => m.Status == SiloStatus.Dead && !_swept.Contains(m.SiloAddress)))
        {
            try
            {
                var closed = await records.CloseLostByInstanceAsync(dead.SiloAddress.ToParsableString(), time.GetUtcNow(), ct);
                Count(closed, $"node {dead.Name} ({dead.SiloAddress}), declared dead by the cluster");
                _swept.Add(dead.SiloAddress);
            }
            catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(error, "Cannot close the calls of dead node {Node} ({Silo}) yet; trying again later", dead.Name, dead.SiloAddress);
            }
        }
    }

    private void Count(IReadOnlyList<LostCall> closed, string whose)
    {
        if (closed.Count == 0)
        {
            return;
        }

        // Counted here, by the node that closed them: the dead node's own counters died with it. See dashboards/README.md.
        foreach (var call in closed)
        {
            metrics.CallEnded(call.Network, call.Line, CallOutcome.Dropped);
        }

        logger.LogWarning("Closed {Count} call record(s) left open by {Whose} as dropped (node_lost): {CallIds}",
            closed.Count, whose, string.Join(", ", closed.Select(c => c.CallId)));
    }
}
