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
    private long _totalJoined;

    private string QueueId => this.GetPrimaryKeyString();

    public Task<QueuePosition> Join(QueuedCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var existing = _waiting.FindIndex(c => c.CallId == call.CallId);
        if (existing < 0)
        {
            _waiting.Insert(InsertionIndex(call), call);
            _totalJoined++;
        }

        return Task.FromResult(PositionOf(call.CallId)!);
    }

    public Task Leave(string callId, QueueLeaveReason reason)
    {
        if (_waiting.RemoveAll(c => c.CallId == callId) > 0)
        {
            _left[reason] = _left.GetValueOrDefault(reason) + 1;
        }

        return Task.CompletedTask;
    }

    public Task<QueuePosition?> GetPosition(string callId) => Task.FromResult(PositionOf(callId));

    public Task<QueueSnapshot> GetSnapshot() =>
        Task.FromResult(new QueueSnapshot(QueueId, [.. _waiting], _totalJoined, new Dictionary<QueueLeaveReason, long>(_left)));

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
