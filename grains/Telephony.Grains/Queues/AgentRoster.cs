using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Queues;

/// <summary>
/// A queue's view of the agents logged in to it, from their presence pushes: who to offer work to first (best level,
/// then idle longest) and how many serve the queue.
/// </summary>
internal sealed class AgentRoster
{
    // Agents who logged out stay as tombstones until forgotten for silence, so that a push delayed past the logout
    // (an older version) does not bring them back.
    private readonly Dictionary<string, RosterEntry> _agents = [];

    // The agents logged in and Ready, the only ones offered work: a queue looks for one at every join.
    private readonly HashSet<string> _ready = [];

    /// <summary>Whether any agent logged in is Ready (else a join has no one to offer its call to).</summary>
    public bool AnyReady => _ready.Count > 0;

    /// <summary>Agents logged in to the queue, in any state.</summary>
    public int LoggedIn
    {
        get
        {
            var count = 0;
            foreach (var entry in _agents.Values)
            {
                count += entry.Presence.LoggedIn ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>Applies a presence unless it is older (lower version) than the one known; returns whether the agent is now Ready.</summary>
    public bool Apply(AgentPresence presence, DateTimeOffset now)
    {
        if (_agents.TryGetValue(presence.AgentId, out var known) && presence.Version < known.Presence.Version)
        {
            return false;
        }

        _agents[presence.AgentId] = new RosterEntry(presence, now);
        var ready = presence.LoggedIn && presence.Status == AgentStatus.Ready;
        if (ready)
        {
            _ready.Add(presence.AgentId);
        }
        else
        {
            _ready.Remove(presence.AgentId);
        }

        return ready;
    }

    /// <summary>The Ready agent to ask next: best level, then Ready the longest; skipping those already asked.</summary>
    public string? BestCandidate(IReadOnlySet<string> asked)
    {
        AgentPresence? best = null;
        foreach (var agentId in _ready)
        {
            var agent = _agents[agentId].Presence;
            if (asked.Contains(agentId))
            {
                continue;
            }

            if (best is null || agent.Level < best.Level || (agent.Level == best.Level && agent.Since < best.Since))
            {
                best = agent;
            }
        }

        return best?.AgentId;
    }

    /// <summary>Agents logged in and not paused: those that will take the waiting calls.</summary>
    public int Serving()
    {
        var count = 0;
        foreach (var entry in _agents.Values)
        {
            var presence = entry.Presence;
            count += presence.LoggedIn && presence.Status is not (AgentStatus.Paused or AgentStatus.LoggedOut) ? 1 : 0;
        }

        return count;
    }

    public Dictionary<AgentStatus, int> CountByStatus()
    {
        var counts = new Dictionary<AgentStatus, int>();
        foreach (var entry in _agents.Values)
        {
            if (entry.Presence.LoggedIn)
            {
                counts[entry.Presence.Status] = counts.GetValueOrDefault(entry.Presence.Status) + 1;
            }
        }

        return counts;
    }

    /// <summary>Forgets agents not heard of since <paramref name="before"/> (their grain died without logging out).</summary>
    public int ForgetSilentSince(DateTimeOffset before)
    {
        List<string>? silent = null;
        foreach (var (agentId, entry) in _agents)
        {
            if (entry.LastHeard < before)
            {
                (silent ??= []).Add(agentId);
            }
        }

        foreach (var agentId in silent ?? [])
        {
            _agents.Remove(agentId);
            _ready.Remove(agentId);
        }

        return silent?.Count ?? 0;
    }

    private sealed record RosterEntry(AgentPresence Presence, DateTimeOffset LastHeard);
}
