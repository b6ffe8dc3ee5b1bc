using Orleans.Concurrency;
using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Queues;

/// <summary>
/// Orders waiting calls by priority (lower number first), then by arrival time.
/// The waiting list is deliberately not persisted: a waiting call is a live SIP call on some node, and if this
/// grain's silo dies the grain comes back empty elsewhere; each waiting call checks its place every few seconds
/// (<c>Queue:PresenceCheckSeconds</c>, the call layer's <c>QueuePlace</c>) and re-joins with its original arrival
/// time, so callers keep their order. Durable work (callbacks) lives in other grains.
/// </summary>
[Reentrant]
public sealed class QueueGrain : Grain, IQueueGrain
{
    private readonly List<QueuedCall> _waiting = [];
    private readonly Dictionary<QueueLeaveReason, long> _left = [];
    private readonly Dictionary<string, string> _claims = [];
    private readonly Dictionary<string, AgentPresence> _agents = [];
    private long _totalJoined;

    private string QueueId => this.GetPrimaryKeyString();

    public Task<QueueJoinResult> Join(QueuedCall call, QueuePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(policy);
        var existing = _waiting.FindIndex(c => c.CallId == call.CallId);
        if (existing < 0)
        {
            if (policy.MaxWaiting is { } max && _waiting.Count >= max)
            {
                return Task.FromResult(new QueueJoinResult(QueueJoinStatus.Full, null));
            }

            _waiting.Insert(InsertionIndex(call), call);
            _totalJoined++;
        }

        return Task.FromResult(new QueueJoinResult(QueueJoinStatus.Joined, PositionOf(call.CallId)));
    }

    public Task Leave(string callId, QueueLeaveReason reason)
    {
        _claims.Remove(callId);
        if (_waiting.RemoveAll(c => c.CallId == callId) > 0)
        {
            _left[reason] = _left.GetValueOrDefault(reason) + 1;
        }

        return Task.CompletedTask;
    }

    public Task<QueuePosition?> GetPosition(string callId) => Task.FromResult(PositionOf(callId));

    public Task<QueueSnapshot> GetSnapshot() =>
        Task.FromResult(new QueueSnapshot(QueueId, [.. _waiting], _totalJoined, new Dictionary<QueueLeaveReason, long>(_left)));

    public Task<QueueStats> GetStats()
    {
        var now = DateTimeOffset.UtcNow;
        var longest = _waiting.Count == 0 ? TimeSpan.Zero : now - _waiting.Min(c => c.JoinedAt);
        var byStatus = _agents.Values.Where(a => a.LoggedIn).GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
        return Task.FromResult(new QueueStats(QueueId, _waiting.Count, longest, TimeSpan.Zero, byStatus, null));
    }

    public Task AgentChanged(AgentPresence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        _agents[presence.AgentId] = presence;
        return Task.CompletedTask;
    }

    public Task<QueueHead?> Peek() =>
        Task.FromResult(_waiting.FirstOrDefault(c => !_claims.ContainsKey(c.CallId)) is { } head
            ? new QueueHead(QueueId, head.CallId, head.Priority, head.JoinedAt)
            : null);

    public Task<QueuedCall?> Claim(string agentId, DateTimeOffset until)
    {
        var head = _waiting.FirstOrDefault(c => !_claims.ContainsKey(c.CallId));
        if (head is not null)
        {
            _claims[head.CallId] = agentId;
        }

        return Task.FromResult(head);
    }

    public Task Release(string callId, string agentId)
    {
        if (_claims.TryGetValue(callId, out var holder) && holder == agentId)
        {
            _claims.Remove(callId);
        }

        return Task.CompletedTask;
    }

    public Task RecordHandleTime(TimeSpan handled) => Task.CompletedTask;

    private int InsertionIndex(QueuedCall call)
    {
        // Stable: a newcomer goes after everyone of the same or better priority who arrived no later.
        var index = _waiting.FindIndex(c => c.Priority > call.Priority
            || (c.Priority == call.Priority && c.JoinedAt > call.JoinedAt));
        return index < 0 ? _waiting.Count : index;
    }

    private QueuePosition? PositionOf(string callId)
    {
        var index = _waiting.FindIndex(c => c.CallId == callId);
        return index < 0 ? null : new QueuePosition(QueueId, index + 1, _waiting.Count);
    }
}
