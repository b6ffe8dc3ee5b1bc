using System.Runtime.CompilerServices;
using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Agents;

/// <summary>
/// The agent and queue grain calls the administration, the bootstrap, the registration watcher and the agent console
/// make, behind one small seam so that they can be tested without a silo. <see cref="GrainCallCentre"/> is the real one.
/// </summary>
public interface ICallCentreGrains
{
    Task<AgentState> ConfigureAsync(AgentProfile profile);

    Task<AgentState> GetStateAsync(string agentId);

    /// <summary>
    /// Replaces what <paramref name="node"/> holds of the user's phone registrations in the cluster with
    /// <paramref name="bindings"/>; the registrations' grain then tells the agent's grain whether the phone is
    /// registered on any node, which this returns.
    /// </summary>
    Task<bool> PublishRegistrationsAsync(string sipUsername, string agentId, string node, IReadOnlyList<PhoneBinding> bindings);

    Task<AgentCommandResult> LogInAsync(string agentId, string? queueId);

    Task<AgentCommandResult> LogOutAsync(string agentId, string? queueId, string reason);

    Task<AgentCommandResult> SetReadyAsync(string agentId);

    Task<AgentCommandResult> PauseAsync(string agentId, string reason);

    Task<AgentCommandResult> EndWrapUpAsync(string agentId);

    /// <summary>
    /// Has every change of the agent's state pushed to <paramref name="observer"/>, a local object, for the grain's
    /// observer expiry (10 minutes): calling it again renews the subscription.
    /// </summary>
    Task SubscribeAsync(string agentId, IAgentObserver observer);

    /// <summary>Ends what <see cref="SubscribeAsync"/> started; nothing happens for an observer that is not subscribed.</summary>
    Task UnsubscribeAsync(string agentId, IAgentObserver observer);

    Task<QueueStats> GetQueueStatsAsync(string queueId);
}

/// <summary>The calls made to the agent grain (keyed by agent id) and the queue grain (keyed by queue id).</summary>
public sealed class GrainCallCentre(IGrainFactory grains) : ICallCentreGrains
{
    // A local observer reaches a grain through an object reference; one per observer, kept while it is subscribed so
    // that a renewal re-subscribes the same reference rather than adding another.
    private readonly ConditionalWeakTable<IAgentObserver, IAgentObserver> _references = new();

    public Task<AgentState> ConfigureAsync(AgentProfile profile) => Agent(profile.AgentId).Configure(profile);

    public Task<AgentState> GetStateAsync(string agentId) => Agent(agentId).GetState();

    public async Task<bool> PublishRegistrationsAsync(string sipUsername, string agentId, string node, IReadOnlyList<PhoneBinding> bindings) =>
        (await grains.GetGrain<IPhoneRegistrationGrain>(sipUsername).Publish(agentId, node, bindings)).Count > 0;

    public Task<AgentCommandResult> LogInAsync(string agentId, string? queueId) => Agent(agentId).LogIn(queueId);

    public Task<AgentCommandResult> LogOutAsync(string agentId, string? queueId, string reason) => Agent(agentId).LogOut(queueId, reason);

    public Task<AgentCommandResult> SetReadyAsync(string agentId) => Agent(agentId).SetReady();

    public Task<AgentCommandResult> PauseAsync(string agentId, string reason) => Agent(agentId).Pause(reason);

    public Task<AgentCommandResult> EndWrapUpAsync(string agentId) => Agent(agentId).EndWrapUp();

    public Task SubscribeAsync(string agentId, IAgentObserver observer) =>
        Agent(agentId).Subscribe(_references.GetValue(observer, o => grains.CreateObjectReference<IAgentObserver>(o)));

    public async Task UnsubscribeAsync(string agentId, IAgentObserver observer)
    {
        if (!_references.TryGetValue(observer, out var reference))
        {
            return;
        }

        _references.Remove(observer);
        try
        {
            await Agent(agentId).Unsubscribe(reference).ConfigureAwait(false);
        }
        finally
        {
            grains.DeleteObjectReference<IAgentObserver>(reference);
        }
    }

    public Task<QueueStats> GetQueueStatsAsync(string queueId) => grains.GetGrain<IQueueGrain>(queueId).GetStats();

    private IAgentGrain Agent(string agentId) => grains.GetGrain<IAgentGrain>(agentId);
}
