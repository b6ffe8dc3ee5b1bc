using Microsoft.Extensions.Logging;
using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Agents;

/// <summary>
/// The agent's side of distribution: a Ready agent pulls the call that has waited longest among its queues where its
/// level is best, claims it and is Reserved, either as soon as it becomes Ready or when a queue asks it. The grain is
/// not reentrant, so this runs alone: the agent cannot be reserved twice. It awaits only queue methods that never
/// await an agent (Peek, Claim), so a queue asking it and it asking a queue never wait on each other.
/// Each claim carries the agent's presence, so pulling costs one message per queue asked and no push to it.
/// </summary>
public sealed partial class AgentGrain
{
    public async Task<AgentPresence> OfferWork(string queueId, QueueHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var loggedIn = Record.LoggedInQueues.Contains(queueId); // If not, the queue's view is stale (a lost logout).
        if (loggedIn && _status == AgentStatus.Ready)
        {
            await TakeWork(queueId, head);
        }

        var answer = Presence(queueId, loggedIn);
        _ledger.Told(queueId, answer);
        return answer;
    }

    /// <summary>
    /// Ready with no call, and at once takes the call first in line at its best level (the queues' next offer is not
    /// waited for). The queues learn the agent's presence from its claims; those it did not ask are pushed it.
    /// </summary>
    private async Task BecomeReadyAndTakeWork()
    {
        _call = null;
        _status = AgentStatus.Ready;
        ArmDeadline(null);
        _since = time.GetUtcNow();
        _version++;
        NotifyObservers();
        var told = await TakeWork(askingQueueId: null, askingHead: null);
        if (_status == AgentStatus.Ready)
        {
            PublishPresence(except: told);
        }
    }

    /// <summary>
    /// Goes through the agent's queues by level, best first (only those at the asking queue's level or better when a
    /// queue asks: worse ones offer their calls themselves), and at each level through the queues with a call waiting
    /// in service order (priority, then arrival), claiming until a claim gives a call: then the agent is Reserved.
    /// Returns the queues that were told the agent is Ready by a claim that found nothing.
    /// </summary>
    private async Task<List<string>> TakeWork(string? askingQueueId, QueueHead? askingHead)
    {
        var told = new List<string>();
        var worst = askingQueueId is null ? AgentSkill.WorstLevel : LevelFor(askingQueueId);
        for (var level = AgentSkill.BestLevel; level <= worst; level++)
        {
            var atLevel = Record.LoggedInQueues.FindAll(q => LevelFor(q) == level);
            if (atLevel.Count == 0)
            {
                continue;
            }

            foreach (var queueId in await InServiceOrder(atLevel, askingQueueId, askingHead))
            {
                var until = time.GetUtcNow() + AgentDeadlines.Reservation;
                var (claim, answered) = await ClaimSafely(queueId, until);
                if (claim is not null)
                {
                    // The claiming queue holds the agent Reserved already; the asking one learns it from the answer.
                    Reserve(queueId, claim, until, told: askingQueueId is null ? [queueId] : [queueId, askingQueueId]);
                    return [];
                }

                if (answered)
                {
                    told.Add(queueId); // A claim that failed told the queue nothing: it is pushed the presence.
                }
            }
        }

        return told;
    }

    /// <summary>
    /// The queues of one level to claim from, in the order of their next calls: a single queue is claimed from without
    /// asking (a claim answers null when it has nothing), several are peeked first and those with no call dropped.
    /// </summary>
    private async Task<IEnumerable<string>> InServiceOrder(List<string> queues, string? askingQueueId, QueueHead? askingHead)
    {
        if (queues.Count == 1)
        {
            return queues;
        }

        var heads = await Task.WhenAll(queues.Select(q => q == askingQueueId ? Task.FromResult(askingHead) : PeekSafely(q)));
        return heads.OfType<QueueHead>().OrderBy(h => h.Priority).ThenBy(h => h.JoinedAt).Select(h => h.QueueId);
    }

    private void Reserve(string queueId, QueueClaim claim, DateTimeOffset until, IReadOnlyCollection<string> told)
    {
        _call = new AgentCall(queueId, claim);
        Become(AgentStatus.Reserved, until, told);
        var reservation = new AgentReservation(
            claim.Call.CallId, queueId, AgentId, Record.Profile!.SipUsername, claim.Policy.RingTimeout, until);
        // One-way to the caller's node, which rings the phone and reports Ringing; without a node (tests) nobody rings
        // and the reservation lapses at its deadline.
        _ = claim.Call.Node?.AgentReserved(reservation);
    }

    /// <summary>
    /// The queue's claim and whether it answered (then it holds the agent's presence). A queue that fails to answer has
    /// nothing for the agent now; it is pushed the presence after the round, and the next refresh claims again.
    /// </summary>
    private async Task<(QueueClaim? Claim, bool Answered)> ClaimSafely(string queueId, DateTimeOffset until)
    {
        var presence = Presence(queueId, loggedIn: true);
        try
        {
            var claim = await Queues[queueId].Claim(presence, until);
            _ledger.Told(queueId, claim is null ? presence : presence with { Status = AgentStatus.Reserved });
            return (claim, true);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            _ledger.Forget(queueId);
            logger.LogWarning(error, "Agent {AgentId}: claiming from queue {Queue} failed", AgentId, queueId);
            return (null, false);
        }
    }

    private async Task<QueueHead?> PeekSafely(string queueId)
    {
        try
        {
            return await Queues[queueId].Peek();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Agent {AgentId}: peeking at queue {Queue} failed", AgentId, queueId);
            return null;
        }
    }
}
