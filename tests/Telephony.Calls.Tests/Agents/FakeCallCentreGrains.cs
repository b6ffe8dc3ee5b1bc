using System.Collections.Concurrent;
using System.Threading.Channels;
using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Tests.Agents;

/// <summary>
/// Stands in for the agent and queue grains: remembers what it was told, answers with a plain state, pushes every
/// change to the agent's observers as the grain does, and can be made to refuse commands or to be unreachable.
/// </summary>
internal sealed class FakeCallCentreGrains : ICallCentreGrains
{
    private readonly ConcurrentDictionary<string, AgentState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<IAgentObserver, int>> _observers = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, AgentProfile> Profiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Every command, in order, e.g. "LogOut ag_x * disabled".</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>What the registration watcher said, in order.</summary>
    public Channel<(string AgentId, bool Registered)> Registrations { get; } = Channel.CreateUnbounded<(string, bool)>();

    /// <summary>When set, every call fails with it (a grain that cannot be reached).</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, LogIn, LogOut, SetReady and Pause are refused with it.</summary>
    public string? Refusal { get; set; }

    /// <summary>The status Configure leaves an agent in (a grain that would not log out a disabled agent: Ready).</summary>
    public AgentStatus StatusAfterConfigure { get; set; } = AgentStatus.LoggedOut;

    public Dictionary<string, QueueStats> Queues { get; } = new(StringComparer.Ordinal);

    public Task<AgentState> ConfigureAsync(AgentProfile profile)
    {
        Fail();
        Profiles[profile.AgentId] = profile;
        Commands.Enqueue($"Configure {profile.AgentId} enabled={profile.Enabled}");
        return Task.FromResult(Set(profile.AgentId, StateOf(profile.AgentId) with { Status = StatusAfterConfigure }));
    }

    public Task<AgentState> GetStateAsync(string agentId)
    {
        Fail();
        return Task.FromResult(StateOf(agentId));
    }

    /// <summary>What each node published, by username then node (the registration grain's view).</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, IReadOnlyList<PhoneBinding>>> Published { get; } = new(StringComparer.Ordinal);

    public async Task<bool> PublishRegistrationsAsync(string sipUsername, string agentId, string node, IReadOnlyList<PhoneBinding> bindings)
    {
        Fail();
        var byNode = Published.GetOrAdd(sipUsername, _ => new ConcurrentDictionary<string, IReadOnlyList<PhoneBinding>>(StringComparer.Ordinal));
        byNode[node] = bindings;
        var registered = byNode.Values.Any(b => b.Count > 0);
        await Registrations.Writer.WriteAsync((agentId, registered));
        Set(agentId, StateOf(agentId) with { PhoneRegistered = registered });
        return registered;
    }

    public Task<AgentCommandResult> LogInAsync(string agentId, string? queueId) =>
        Command($"LogIn {agentId} {queueId ?? "*"}", agentId, s => s with { Status = AgentStatus.Ready, LoggedInQueues = [.. s.LoggedInQueues, queueId ?? "*"] });

    public Task<AgentCommandResult> LogOutAsync(string agentId, string? queueId, string reason) =>
        Command($"LogOut {agentId} {queueId ?? "*"} {reason}", agentId, s => s with { Status = AgentStatus.LoggedOut, LoggedInQueues = [], LastLogoutReason = reason });

    public Task<AgentCommandResult> SetReadyAsync(string agentId) =>
        Command($"SetReady {agentId}", agentId, s => s with { Status = AgentStatus.Ready, PauseReason = null, Call = null }, s => s.Status switch
        {
            AgentStatus.LoggedOut => AgentRefusals.LoggedOut,
            AgentStatus.Reserved or AgentStatus.Ringing or AgentStatus.OnCall => AgentRefusals.HandlingCall,
            _ => null,
        });

    public Task<AgentCommandResult> PauseAsync(string agentId, string reason) =>
        Command($"Pause {agentId} {reason}", agentId, s => s with { Status = AgentStatus.Paused, PauseReason = reason, Call = null });

    public Task<AgentCommandResult> EndWrapUpAsync(string agentId) =>
        Command($"EndWrapUp {agentId}", agentId, s => s with { Status = AgentStatus.Ready, Call = null }, s => s.Status == AgentStatus.WrapUp ? null : AgentRefusals.NotInWrapUp);

    public Task SubscribeAsync(string agentId, IAgentObserver observer)
    {
        Fail();
        var observers = _observers.GetOrAdd(agentId, _ => new ConcurrentDictionary<IAgentObserver, int>());
        observers.AddOrUpdate(observer, 1, (_, count) => count + 1);
        Commands.Enqueue($"Subscribe {agentId}");
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(string agentId, IAgentObserver observer)
    {
        Fail();
        if (_observers.TryGetValue(agentId, out var observers))
        {
            observers.TryRemove(observer, out _);
        }

        Commands.Enqueue($"Unsubscribe {agentId}");
        return Task.CompletedTask;
    }

    /// <summary>How many observers are subscribed to the agent now.</summary>
    public int ObserverCount(string agentId) => _observers.TryGetValue(agentId, out var observers) ? observers.Count : 0;

    public Task<QueueStats> GetQueueStatsAsync(string queueId)
    {
        Fail();
        return Task.FromResult(Queues.GetValueOrDefault(queueId) ?? new QueueStats(queueId, 0, TimeSpan.Zero, TimeSpan.Zero, new Dictionary<AgentStatus, int>(), null));
    }

    public AgentState StateOf(string agentId) => _states.GetValueOrDefault(agentId)
        ?? new AgentState(agentId, AgentStatus.LoggedOut, null, DateTimeOffset.UnixEpoch, null, false, [], null, 0, null);

    /// <summary>Sets the agent's state (its version one more) and tells its observers, as a grain's change does.</summary>
    public AgentState Set(string agentId, AgentState state)
    {
        var set = _states[agentId] = state with { Version = state.Version + 1 };
        foreach (var observer in _observers.TryGetValue(agentId, out var observers) ? observers.Keys : [])
        {
            observer.StateChanged(set);
        }

        return set;
    }

    /// <param name="refusal">What the real grain would refuse in the current state, or null.</param>
    private Task<AgentCommandResult> Command(string command, string agentId, Func<AgentState, AgentState> change, Func<AgentState, string?>? refusal = null)
    {
        Fail();
        Commands.Enqueue(command);
        if (!Profiles.ContainsKey(agentId))
        {
            // As the real grain: a command for an agent it was never given the profile of.
            return Task.FromResult(AgentCommandResult.Refused(AgentRefusals.NotConfigured, StateOf(agentId)));
        }

        var refused = Refusal ?? refusal?.Invoke(StateOf(agentId));
        return Task.FromResult(refused is not null
            ? AgentCommandResult.Refused(refused, StateOf(agentId))
            : AgentCommandResult.Done(Set(agentId, change(StateOf(agentId)))));
    }

    private void Fail()
    {
        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}
