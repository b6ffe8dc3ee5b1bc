using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Agents;

/// <summary>
/// The agent's side of distribution: asked by a queue, a Ready agent pulls the call that has waited longest among its
/// queues where its level is best, claims it and is Reserved. The grain is not reentrant, so this runs alone: the
/// agent cannot be reserved twice. It awaits only queue methods that never await an agent (Peek, Claim), so a queue
/// asking it and it asking a queue never wait on each other.
/// </summary>
public sealed partial class AgentGrain
{
    /// <summary>How often an agent tries again when the call it chose was claimed by another agent first.</summary>
    private const int ClaimAttempts = 3;

    public async Task<bool> OfferWork(string queueId)
    {
        if (_status != AgentStatus.Ready)
        {
            return false;
        }

        if (!Record.LoggedInQueues.Contains(queueId))
        {
            // The queue's view is stale (a lost logout): correct it.
            TellQueue(queueId, loggedIn: false);
            return false;
        }

        for (var attempt = 0; attempt < ClaimAttempts; attempt++)
        {
            if (await ChooseQueue(queueId) is not { } chosen)
            {
                return false;
            }

            var until = time.GetUtcNow() + AgentDeadlines.Reservation;
            if (await GrainFactory.GetGrain<IQueueGrain>(chosen).Claim(AgentId, until) is { } claim)
            {
                Reserve(chosen, claim, until);
                return chosen == queueId;
            }
        }

        return false;
    }

    /// <summary>
    /// The queue to take a call from: among the asking queue and the agent's other queues at the same or a better
    /// level, those with a call waiting, the best level, then the call first in line (priority, then arrival). Queues
    /// at a worse level are left to offer their calls themselves. Null when none has a call.
    /// </summary>
    private async Task<string?> ChooseQueue(string askingQueueId)
    {
        var level = LevelFor(askingQueueId);
        var rivals = Record.LoggedInQueues.Where(q => q != askingQueueId && LevelFor(q) <= level).ToList();
        if (rivals.Count == 0)
        {
            return askingQueueId; // Nothing to compare: claim at once (null from Claim if it has nothing left).
        }

        rivals.Add(askingQueueId);
        var heads = await Task.WhenAll(rivals.Select(q => GrainFactory.GetGrain<IQueueGrain>(q).Peek()));
        return heads
            .OfType<QueueHead>()
            .OrderBy(h => LevelFor(h.QueueId))
            .ThenBy(h => h.Priority)
            .ThenBy(h => h.JoinedAt)
            .FirstOrDefault()?.QueueId;
    }

    private void Reserve(string queueId, QueueClaim claim, DateTimeOffset until)
    {
        _call = new AgentCall(queueId, claim);
        Become(AgentStatus.Reserved, until);
        var reservation = new AgentReservation(
            claim.Call.CallId, queueId, AgentId, Record.Profile!.SipUsername, claim.Policy.RingTimeout, until);
        // One-way to the caller's node, which rings the phone and reports Ringing; without a node (tests) nobody rings
        // and the reservation lapses at its deadline.
        _ = claim.Call.Node?.AgentReserved(reservation);
    }
}
