using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Agents;

/// <summary>
/// The agent and queue grain calls the administration, the bootstrap and the registration watcher make, behind one
/// small seam so that they can be tested without a silo. <see cref="GrainCallCentre"/> is the real one.
/// </summary>
public interface ICallCentreGrains
{
    Task<AgentState> ConfigureAsync(AgentProfile profile);

    Task<AgentState> GetStateAsync(string agentId);

    Task<AgentState> SetPhoneRegisteredAsync(string agentId, bool registered);

    Task<AgentCommandResult> LogInAsync(string agentId, string? queueId);

    Task<AgentCommandResult> LogOutAsync(string agentId, string? queueId, string reason);

    Task<AgentCommandResult> SetReadyAsync(string agentId);

    Task<AgentCommandResult> PauseAsync(string agentId, string reason);

    Task<QueueStats> GetQueueStatsAsync(string queueId);
}

/// <summary>The calls made to the agent grain (keyed by agent id) and the queue grain (keyed by queue id).</summary>
public sealed class GrainCallCentre(IGrainFactory grains) : ICallCentreGrains
{
    public Task<AgentState> ConfigureAsync(AgentProfile profile) => Agent(profile.AgentId).Configure(profile);

    public Task<AgentState> GetStateAsync(string agentId) => Agent(agentId).GetState();

    public Task<AgentState> SetPhoneRegisteredAsync(string agentId, bool registered) => Agent(agentId).SetPhoneRegistered(registered);

    public Task<AgentCommandResult> LogInAsync(string agentId, string? queueId) => Agent(agentId).LogIn(queueId);

    public Task<AgentCommandResult> LogOutAsync(string agentId, string? queueId, string reason) => Agent(agentId).LogOut(queueId, reason);

    public Task<AgentCommandResult> SetReadyAsync(string agentId) => Agent(agentId).SetReady();

    public Task<AgentCommandResult> PauseAsync(string agentId, string reason) => Agent(agentId).Pause(reason);

    public Task<QueueStats> GetQueueStatsAsync(string queueId) => grains.GetGrain<IQueueGrain>(queueId).GetStats();

    private IAgentGrain Agent(string agentId) => grains.GetGrain<IAgentGrain>(agentId);
}
