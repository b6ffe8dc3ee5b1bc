using Microsoft.Extensions.Logging;
using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Queues;

/// <summary>
/// What the queue cleans up on its own, every few seconds: calls whose node stopped checking their place, claims
/// whose agent never released nor ended them, and agents not heard of for too long.
/// </summary>
public sealed partial class QueueGrain
{
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    private void StartSweeping() =>
        this.RegisterGrainTimer(Sweep, new GrainTimerCreationOptions(SweepInterval, SweepInterval));

    private Task Sweep(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<WaitingCall>? lost = null;
        foreach (var waiting in _waiting.InOrder)
        {
            if (waiting.ClaimedBy is not null)
            {
                if (waiting.ClaimExpires <= now)
                {
                    logger.LogWarning("Queue {Queue}: agent {AgentId} held call {CallId} past its claim; offering it again",
                        QueueId, waiting.ClaimedBy, waiting.Call.CallId);
                    Unclaim(waiting);
                }
            }
            else if (now - waiting.LastSeen >= QueueClaim.CallLease)
            {
                (lost ??= []).Add(waiting);
            }
        }

        foreach (var waiting in lost ?? [])
        {
            logger.LogWarning("Queue {Queue}: call {CallId} not seen for {Lease}; its node is gone, dropping it",
                QueueId, waiting.Call.CallId, QueueClaim.CallLease);
            Leave(waiting.Call.CallId, QueueLeaveReason.SystemError);
        }

        _roster.ForgetSilentSince(now - AgentPresence.Timeout);
        return Task.CompletedTask;
    }
}
