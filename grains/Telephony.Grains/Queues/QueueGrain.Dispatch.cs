using Microsoft.Extensions.Logging;
using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Queues;

/// <summary>
/// The queue's side of distribution: its view of the agents, the claims, and one dispatch loop that asks the best
/// Ready agent to take work until no call or no candidate is left.
/// </summary>
public sealed partial class QueueGrain
{
    /// <summary>Bounds the offers one dispatch round has in flight.</summary>
    private const int MaxOffersAtOnce = 32;

    private bool _dispatching;
    private bool _dispatchAgain;

    public Task AgentChanged(AgentPresence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        var ready = _roster.Apply(presence, time.GetUtcNow());
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Queue {Queue}: agent {AgentId} is {Status} (version {Version}, logged in {LoggedIn}); {Waiting} call(s) waiting, dispatching {Dispatching}",
                QueueId, presence.AgentId, presence.Status, presence.Version, presence.LoggedIn, _waiting.Count, _dispatching);
        }

        if (ready)
        {
            StartDispatch();
        }

        return Task.CompletedTask;
    }

    public Task<QueueHead?> Peek() => Task.FromResult(_waiting.Next(time.GetUtcNow(), Policy.MaxWait) is { } next ? Head(next) : null);

    public Task<QueueClaim?> Claim(AgentPresence agent, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentException.ThrowIfNullOrEmpty(agent.AgentId);
        var policy = Policy;
        var now = time.GetUtcNow();
        if (_waiting.Next(now, policy.MaxWait) is not { } next)
        {
            // Nothing to dispatch to the agent, now Ready in the roster: the next join offers it work.
            _roster.Apply(agent, now);
            return Task.FromResult<QueueClaim?>(null);
        }

        next.ClaimFor(agent.AgentId, until + policy.RingTimeout + QueueClaim.Grace);
        _roster.Apply(agent with { Status = AgentStatus.Reserved }, now);
        return Task.FromResult<QueueClaim?>(new QueueClaim(next.Call, policy));
    }

    public Task Release(string callId, string agentId)
    {
        if (_waiting.Find(callId) is { } waiting && waiting.ClaimedBy == agentId)
        {
            Unclaim(waiting);
        }

        return Task.CompletedTask;
    }

    private void Unclaim(WaitingCall waiting)
    {
        waiting.Unclaim();
        // The claim stood for the node's presence checks (a node may stop them while the agent rings).
        waiting.LastSeen = time.GetUtcNow();
        StartDispatch();
    }

    /// <summary>
    /// Starts the dispatch loop, or asks the running one to go round again: there is one loop per queue, and nothing
    /// awaits it (Join, Release and AgentChanged answer at once, so an agent awaiting this queue never waits on
    /// another agent: no cycle of waits between agents and queues).
    /// </summary>
    private void StartDispatch()
    {
        if (_dispatching)
        {
            _dispatchAgain = true;
            return;
        }

        if (!_roster.AnyReady)
        {
            return; // Every agent is busy: the next one Ready takes the call itself, or its push starts a round.
        }

        _dispatching = true;
        _ = DispatchAsync();
    }

    private async Task DispatchAsync()
    {
        try
        {
            do
            {
                _dispatchAgain = false;
                var asked = new HashSet<string>();
                // Re-read after every await: calls joined, left and were claimed meanwhile, agents changed.
                while (NextOffers(asked) is { Count: > 0 } offers)
                {
                    await Task.WhenAll(offers.Select(OfferWorkTo));
                }
            }
            while (_dispatchAgain);
        }
        finally
        {
            _dispatching = false;
        }
    }

    /// <summary>
    /// The agents to ask now, each with the call it would get: one per call waiting to be served (at most
    /// <see cref="MaxOffersAtOnce"/>), the best candidates first. Asking them at once is safe: each agent claims at
    /// most one call and each claim is atomic. An agent is asked once per round: one that declined (not Ready, or took
    /// a call of another queue) is asked again only when something changes (its next Ready push starts another round).
    /// </summary>
    private List<(string AgentId, QueueHead Head)> NextOffers(HashSet<string> asked)
    {
        var offers = new List<(string, QueueHead)>();
        foreach (var call in _waiting.NextCalls(time.GetUtcNow(), Policy.MaxWait, MaxOffersAtOnce))
        {
            if (_roster.BestCandidate(asked) is not { } agentId)
            {
                break;
            }

            asked.Add(agentId);
            offers.Add((agentId, Head(call)));
        }

        return offers;
    }

    private async Task OfferWorkTo((string AgentId, QueueHead Head) offer)
    {
        try
        {
            var answer = await Agents[offer.AgentId].OfferWork(QueueId, offer.Head);
            _roster.Apply(answer, time.GetUtcNow());
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The next candidate is asked; the call is still waiting and the agent will push its presence again.
            logger.LogWarning(error, "Queue {Queue}: offering work to agent {AgentId} failed", QueueId, offer.AgentId);
        }
    }

    private QueueHead Head(WaitingCall waiting) =>
        new(QueueId, waiting.Call.CallId, waiting.Call.Priority, waiting.Call.JoinedAt);
}
