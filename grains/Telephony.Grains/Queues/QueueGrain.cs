using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Queues;

/// <summary>
/// Orders waiting calls by priority (lower number first), then by arrival time, and hands them to agents (see
/// <see cref="IAgentGrain"/> for the protocol, QueueGrain.Dispatch.cs for this side of it).
/// The waiting list is deliberately not persisted: a waiting call is a live SIP call on some node, and if this
/// grain's silo dies the grain comes back empty elsewhere; each waiting call checks its place every few seconds
/// (<c>Queue:PresenceCheckSeconds</c>, the call layer's <c>QueuePlace</c>) and re-joins with its original arrival
/// time, so callers keep their order. Durable work (callbacks) lives in other grains.
/// Reentrant: every method but the dispatch loop runs to completion without awaiting, so interleaving only happens at
/// the loop's awaits, where it re-reads the list and the roster.
/// </summary>
[Reentrant]
public sealed partial class QueueGrain(TimeProvider time, ILogger<QueueGrain> logger) : Grain, IQueueGrain
{
    private readonly WaitingList _waiting = new();
    private readonly AgentRoster _roster = new();
    private readonly HandleTimeAverage _handleTime = new();
    private readonly Dictionary<QueueLeaveReason, long> _left = [];
    private QueuePolicy? _policy;
    private DateTimeOffset _activatedAt;
    private long _totalJoined;
    private GrainReferences<IAgentGrain>? _agents;
    private string? _queueId;

    private string QueueId => _queueId ??= this.GetPrimaryKeyString();

    private GrainReferences<IAgentGrain> Agents => _agents ??= new(GrainFactory);

    private QueuePolicy Policy => _policy ??= QueuePolicy.Default(QueueId);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = time.GetUtcNow();
        StartSweeping();
        return Task.CompletedTask;
    }

    public Task<QueueJoinResult> Join(QueuedCall call, QueuePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(policy);
        var now = time.GetUtcNow();
        _policy = policy;
        if (_waiting.Find(call.CallId) is { } known)
        {
            known.LastSeen = now;
            if (call.Node is not null && !Equals(call.Node, known.Call.Node))
            {
                // Another node joins with a call this queue holds: a callback taken over after its node died (the
                // entry keeps its place). Offers go to the node that holds it now; the dead node's observer would
                // swallow every reservation until the agent's deadline, again and again.
                known.Call = known.Call with { Node = call.Node, Context = call.Context ?? known.Call.Context };
            }

            if (call.JoinedAt < known.Call.JoinedAt)
            {
                _waiting.MoveEarlier(known, call);
            }
            else if (known.Call.AwaitingCitizen && !call.AwaitingCitizen)
            {
                // A customer-first callback's citizen answered: the entry, at its place, is now offered to agents.
                known.Call = call with { JoinedAt = known.Call.JoinedAt };
                StartDispatch();
            }

            return Task.FromResult(Joined(known));
        }

        // A call older than this activation is coming back after the queue lost its list: the caller already waited
        // and was admitted, so the limits are not applied again.
        var rejoining = call.JoinedAt < _activatedAt;
        if (!rejoining && policy.MaxWaiting is { } max && _waiting.Count >= max)
        {
            return Task.FromResult(new QueueJoinResult(QueueJoinStatus.Full, null));
        }

        if (!rejoining && policy.WhenNoAgent == NoAgentRule.Overflow && _roster.LoggedIn == 0)
        {
            return Task.FromResult(new QueueJoinResult(QueueJoinStatus.NoAgent, null));
        }

        _waiting.Add(call, now);
        _totalJoined++;
        StartDispatch();
        return Task.FromResult(Joined(_waiting.Find(call.CallId)!));
    }

    public Task Leave(string callId, QueueLeaveReason reason)
    {
        if (_waiting.Remove(callId))
        {
            _left[reason] = _left.GetValueOrDefault(reason) + 1;
        }

        return Task.CompletedTask;
    }

    public Task<QueuePosition?> GetPosition(string callId)
    {
        if (_waiting.Find(callId) is not { } waiting)
        {
            return Task.FromResult<QueuePosition?>(null);
        }

        waiting.LastSeen = time.GetUtcNow();
        return Task.FromResult<QueuePosition?>(PositionOf(waiting));
    }

    public Task<QueueSnapshot> GetSnapshot()
    {
        var claims = new Dictionary<string, string>();
        foreach (var waiting in _waiting.InOrder)
        {
            if (waiting.ClaimedBy is { } agentId)
            {
                claims[waiting.Call.CallId] = agentId;
            }
        }

        var calls = _waiting.InOrder.Select(w => w.Call).ToList();
        return Task.FromResult(new QueueSnapshot(QueueId, calls, _totalJoined, new Dictionary<QueueLeaveReason, long>(_left))
        {
            Claims = claims,
        });
    }

    public Task<QueueStats> GetStats()
    {
        var now = time.GetUtcNow();
        var longest = _waiting.EarliestArrival() is { } earliest && earliest < now ? now - earliest : TimeSpan.Zero;
        var newcomer = _handleTime.EstimateAt(_waiting.UnclaimedCount() + 1, _roster.Serving()) ?? TimeSpan.Zero;
        return Task.FromResult(new QueueStats(
            QueueId, _waiting.Count, longest, newcomer, _roster.CountByStatus(), _handleTime.Value));
    }

    public Task RecordHandleTime(TimeSpan handled)
    {
        _handleTime.Add(handled);
        return Task.CompletedTask;
    }

    private QueueJoinResult Joined(WaitingCall waiting) => new(QueueJoinStatus.Joined, PositionOf(waiting));

    private QueuePosition PositionOf(WaitingCall waiting)
    {
        var position = _waiting.PositionOf(waiting);
        return new QueuePosition(QueueId, position, _waiting.Count)
        {
            EstimatedWait = _handleTime.EstimateAt(position, _roster.Serving()),
        };
    }
}
