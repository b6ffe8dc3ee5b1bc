using System.Collections.Concurrent;
using Prometheus;
using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Metrics;

/// <summary>
/// The live queue figures, read at each scrape. Waiting calls and the longest wait are what THIS node holds (each node
/// carries its own callers' media; Prometheus sums the nodes: dashboards/README.md). Agents by state come from the
/// queue grains (cluster-wide), exported only where <c>Metrics:ExportAgentStates</c> is on.
/// </summary>
public sealed class LiveQueueGauges
{
    private static readonly TimeSpan GrainPatience = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<(string Network, string Queue), ConcurrentDictionary<string, DateTimeOffset>> _waiting = new();
    private readonly Gauge _waitingCalls;
    private readonly Gauge _longestWait;
    private readonly Gauge _agents;
    private readonly TimeProvider _time;

    public LiveQueueGauges(IMetricFactory factory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _time = time;
        _waitingCalls = factory.CreateGauge(
            "telephony_queue_waiting_calls",
            "Calls waiting in the queue whose media this node carries (sum the nodes for the queue).",
            ["network", "queue"]);
        _longestWait = factory.CreateGauge(
            "telephony_queue_longest_wait_seconds",
            "How long the longest-waiting call of the queue on this node has waited (max over the nodes for the queue).",
            ["network", "queue"]);
        _agents = factory.CreateGauge(
            "telephony_agents",
            "Agents logged in to the queue, by state (from the queue grain; one node exports them).",
            ["queue", "state"]);
    }

    /// <summary>Creates a queue's series at zero so dashboards show 0, not "no data", before its first call.</summary>
    public void DeclareQueue(string network, string queue)
    {
        _waiting.GetOrAdd((network, queue), _ => new());
        _waitingCalls.WithLabels(network, queue).Set(0);
        _longestWait.WithLabels(network, queue).Set(0);
    }

    /// <summary>A call of this node starts waiting in a queue; dispose the result when it stops.</summary>
    public IDisposable Waiting(string network, string queue, string callId, DateTimeOffset since)
    {
        var calls = _waiting.GetOrAdd((network, queue), _ => new());
        calls[callId] = since;
        return new Stop(() => calls.TryRemove(callId, out _));
    }

    /// <summary>Sets the node's waiting figures, and the agents' states of <paramref name="queues"/> when asked to.</summary>
    public async Task RefreshAsync(IGrainFactory grains, IEnumerable<string> queues, bool exportAgents, CancellationToken cancel)
    {
        var now = _time.GetUtcNow();
        foreach (var ((network, queue), calls) in _waiting)
        {
            var oldest = calls.Values.DefaultIfEmpty(now).Min();
            _waitingCalls.WithLabels(network, queue).Set(calls.Count);
            _longestWait.WithLabels(network, queue).Set(Math.Max(0, (now - oldest).TotalSeconds));
        }

        if (!exportAgents)
        {
            return;
        }

        await Task.WhenAll(queues.Select(queue => RefreshAgentsAsync(grains, queue, cancel)));
    }

    private async Task RefreshAgentsAsync(IGrainFactory grains, string queue, CancellationToken cancel)
    {
        try
        {
            var stats = await grains.GetGrain<IQueueGrain>(queue).GetStats().WaitAsync(GrainPatience, _time, cancel);
            foreach (var status in Enum.GetValues<AgentStatus>())
            {
                _agents.WithLabels(queue, StateLabel(status)).Set(stats.AgentsByStatus.GetValueOrDefault(status));
            }
        }
        catch (Exception error) when (error is TimeoutException or OrleansException or OperationCanceledException)
        {
            // A queue that cannot answer right now keeps its last figures until the next scrape.
        }
    }

    /// <summary>The state label: snake case of the status (on_call, wrap_up...), a contract with the dashboards.</summary>
    public static string StateLabel(AgentStatus status) => status switch
    {
        AgentStatus.LoggedOut => "logged_out",
        AgentStatus.Ready => "ready",
        AgentStatus.Reserved => "reserved",
        AgentStatus.Ringing => "ringing",
        AgentStatus.OnCall => "on_call",
        AgentStatus.WrapUp => "wrap_up",
        AgentStatus.Paused => "paused",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown agent status."),
    };

    private sealed class Stop(Action stop) : IDisposable
    {
        private int _stopped;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                stop();
            }
        }
    }
}
