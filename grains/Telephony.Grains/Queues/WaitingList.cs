using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Queues;

/// <summary>
/// A queue's waiting calls in service order (priority, lower first, then arrival), each with its lease and its claim.
/// Claimed calls keep their place, so a released call is back at the head with its arrival time. Not thread-safe: the
/// queue grain's turns use it one at a time.
/// </summary>
internal sealed class WaitingList
{
    private readonly List<WaitingCall> _ordered = [];
    private readonly Dictionary<string, WaitingCall> _byId = [];

    public int Count => _ordered.Count;

    public IReadOnlyList<WaitingCall> InOrder => _ordered;

    public WaitingCall? Find(string callId) => _byId.GetValueOrDefault(callId);

    public void Add(QueuedCall call, DateTimeOffset now)
    {
        var waiting = new WaitingCall(call) { LastSeen = now };
        _ordered.Insert(InsertionIndex(call), waiting);
        _byId.Add(call.CallId, waiting);
    }

    /// <summary>A re-join with an earlier arrival time moves the call to the place that time gives it.</summary>
    public void MoveEarlier(WaitingCall waiting, QueuedCall call)
    {
        _ordered.Remove(waiting);
        waiting.Call = call;
        _ordered.Insert(InsertionIndex(call), waiting);
    }

    public bool Remove(string callId)
    {
        if (!_byId.Remove(callId, out var waiting))
        {
            return false;
        }

        _ordered.Remove(waiting);
        return true;
    }

    /// <summary>The next call to serve: the first unclaimed one that has not reached the maximum wait nor awaits its citizen.</summary>
    public WaitingCall? Next(DateTimeOffset now, TimeSpan? maxWait)
    {
        foreach (var waiting in _ordered)
        {
            if (waiting.IsOffered(now, maxWait))
            {
                return waiting;
            }
        }

        return null;
    }

    /// <summary>The calls <see cref="Next"/> would give one after the other if each were claimed, up to <paramref name="limit"/>.</summary>
    public List<WaitingCall> NextCalls(DateTimeOffset now, TimeSpan? maxWait, int limit)
    {
        var calls = new List<WaitingCall>();
        foreach (var waiting in _ordered)
        {
            if (calls.Count == limit)
            {
                break;
            }

            if (waiting.IsOffered(now, maxWait))
            {
                calls.Add(waiting);
            }
        }

        return calls;
    }

    /// <summary>1 for the next call served; claimed calls ahead are not counted (they are leaving).</summary>
    public int PositionOf(WaitingCall target)
    {
        var position = 1;
        foreach (var waiting in _ordered)
        {
            if (ReferenceEquals(waiting, target))
            {
                return position;
            }

            if (waiting.ClaimedBy is null)
            {
                position++;
            }
        }

        throw new InvalidOperationException("The call is not in this list.");
    }

    public int UnclaimedCount()
    {
        var count = 0;
        foreach (var waiting in _ordered)
        {
            count += waiting.ClaimedBy is null ? 1 : 0;
        }

        return count;
    }

    public DateTimeOffset? EarliestArrival()
    {
        DateTimeOffset? earliest = null;
        foreach (var waiting in _ordered)
        {
            if (earliest is null || waiting.Call.JoinedAt < earliest)
            {
                earliest = waiting.Call.JoinedAt;
            }
        }

        return earliest;
    }

    private int InsertionIndex(QueuedCall call)
    {
        // Binary search for the first call served after this one: a newcomer goes after everyone of the same or better
        // priority who arrived no later (stable for equal keys).
        int low = 0, high = _ordered.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            var other = _ordered[middle].Call;
            var servedAfter = other.Priority > call.Priority
                || (other.Priority == call.Priority && other.JoinedAt > call.JoinedAt);
            if (servedAfter)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}

/// <summary>One waiting call: the call as it joined, when its node last showed it is alive, and who claimed it.</summary>
internal sealed class WaitingCall(QueuedCall call)
{
    public QueuedCall Call { get; set; } = call;

    public DateTimeOffset LastSeen { get; set; }

    public string? ClaimedBy { get; private set; }

    public DateTimeOffset ClaimExpires { get; private set; }

    public void ClaimFor(string agentId, DateTimeOffset expires)
    {
        ClaimedBy = agentId;
        ClaimExpires = expires;
    }

    public void Unclaim() => ClaimedBy = null;

    private bool ReachedMaxWait(DateTimeOffset now, TimeSpan? maxWait) => !Call.IsCallback && maxWait is { } max && now - Call.JoinedAt >= max;

    /// <summary>Whether an agent may be given this call now.</summary>
    public bool IsOffered(DateTimeOffset now, TimeSpan? maxWait) => ClaimedBy is null && !Call.AwaitingCitizen && !ReachedMaxWait(now, maxWait);
}
