using Telephony.Grains.Abstractions;
using Telephony.Sip.Auth;
using Telephony.Storage;

namespace Telephony.Calls.Agents;

/// <summary>A new agent as the administration asks for it; the password is hashed at once and never kept.</summary>
public sealed record NewAgent(string DisplayName, string SipUsername, string Password, IReadOnlyList<AgentSkill> Skills, bool Enabled = true)
{
    public override string ToString() => $"NewAgent {{ SipUsername = {SipUsername}, Skills = {Skills.Count}, Enabled = {Enabled} }}";
}

/// <summary>What a change sets; null leaves the field as it is.</summary>
public sealed record AgentChanges(string? DisplayName = null, string? Password = null, IReadOnlyList<AgentSkill>? Skills = null, bool? Enabled = null)
{
    public override string ToString() => $"AgentChanges {{ DisplayName = {DisplayName is not null}, Password = {Password is not null}, Skills = {Skills?.Count}, Enabled = {Enabled} }}";
}

/// <summary>An agent as stored, with its live state; <see cref="State"/> is null when its grain could not be reached.</summary>
public sealed record AgentView(StoredAgent Agent, AgentState? State);

/// <summary>
/// Creates and changes agents: the database first (the source of truth), then this node's credentials, then the
/// agent's grain, which gets every change of profile (<see cref="IAgentGrain.Configure"/>). Callers validate the
/// fields with <see cref="AgentRules"/> first.
/// </summary>
public sealed class AgentAdministration(
    IAgentRepository repository, AgentDirectory directory, ICallCentreGrains grains, TimeProvider time, ILogger<AgentAdministration> logger)
{
    // A change re-reads and re-applies itself when another writer got in between; past this many, something is wrong.
    private const int UpdateAttempts = 3;
    private const int ConfigureParallelism = 8;

    /// <summary>Stores, then configures the grain; null when the SIP username is taken.</summary>
    public async Task<AgentView?> CreateAsync(NewAgent request, CancellationToken ct)
    {
        var stored = await StoreNewAsync(request, ct).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        await directory.RefreshAsync(ct).ConfigureAwait(false);
        logger.LogInformation("Agent {AgentId} created (SIP username {SipUsername}, {Skills} skill(s), enabled {Enabled})",
            stored.Id, stored.SipUsername, stored.Skills.Count, stored.Enabled);
        return new AgentView(stored, await ConfigureAsync(stored).ConfigureAwait(false));
    }

    /// <summary>Stores only (the bootstrap configures every grain afterwards); null when the SIP username is taken.</summary>
    public async Task<StoredAgent?> StoreNewAsync(NewAgent request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var credential = new SipCredential(request.SipUsername, directory.Realm, request.Password);
        var agent = new StoredAgent
        {
            Id = AgentIds.New(),
            DisplayName = request.DisplayName.Trim(),
            SipUsername = request.SipUsername,
            Enabled = request.Enabled,
            Ha1Md5 = credential.Ha1Md5,
            Ha1Sha256 = credential.Ha1Sha256,
            Ha1Realm = credential.Realm,
            Skills = ToStored(request.Skills),
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        return await repository.TryAddAsync(agent, ct).ConfigureAwait(false) ? agent : null;
    }

    /// <summary>Applies the changes, then configures the grain (a disabled agent is logged out); null for an unknown agent.</summary>
    public async Task<AgentView?> UpdateAsync(string agentId, AgentChanges changes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        for (var attempt = 1; attempt <= UpdateAttempts; attempt++)
        {
            var current = await repository.FindByIdAsync(agentId, ct).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            var next = Apply(current, changes);
            if (await repository.TryUpdateAsync(next, ct).ConfigureAwait(false))
            {
                var stored = next with { Version = current.Version + 1 };
                await directory.RefreshAsync(ct).ConfigureAwait(false);
                logger.LogInformation("Agent {AgentId} changed: {Changes}", agentId, changes);
                return new AgentView(stored, await ConfigureAsync(stored).ConfigureAwait(false));
            }
        }

        throw new StorageException($"Agent {agentId} kept changing under this update ({UpdateAttempts} attempts); try again.");
    }

    /// <summary>The agent's live state, or null (logged) when its grain cannot be reached.</summary>
    public async Task<AgentState?> StateOfAsync(string agentId)
    {
        try
        {
            return await grains.GetStateAsync(agentId).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "State of agent {AgentId} unavailable", agentId);
            return null;
        }
    }

    /// <summary>Reloads the credentials and gives every stored profile to its grain (start-up); failures are logged, not thrown.</summary>
    public async Task ConfigureAllAsync(CancellationToken ct)
    {
        await directory.RefreshAsync(ct).ConfigureAwait(false);
        var agents = await repository.ListAsync(ct).ConfigureAwait(false);
        var failed = 0;
        await Parallel.ForEachAsync(agents, new ParallelOptions { MaxDegreeOfParallelism = ConfigureParallelism, CancellationToken = ct }, async (agent, _) =>
        {
            if (await ConfigureAsync(agent).ConfigureAwait(false) is null)
            {
                Interlocked.Increment(ref failed);
            }
        }).ConfigureAwait(false);
        logger.LogInformation("Agent grains configured from the database: {Count} agent(s), {Failed} failure(s)", agents.Count, failed);
    }

    private StoredAgent Apply(StoredAgent current, AgentChanges changes)
    {
        var next = current with
        {
            DisplayName = changes.DisplayName?.Trim() ?? current.DisplayName,
            Enabled = changes.Enabled ?? current.Enabled,
            Skills = changes.Skills is { } skills ? ToStored(skills) : current.Skills,
            UpdatedAt = time.GetUtcNow(),
        };
        if (changes.Password is not { } password)
        {
            return next;
        }

        // A new password is hashed for the realm in force, which also moves an agent off an old realm.
        var credential = new SipCredential(current.SipUsername, directory.Realm, password);
        return next with { Ha1Md5 = credential.Ha1Md5, Ha1Sha256 = credential.Ha1Sha256, Ha1Realm = credential.Realm };
    }

    /// <summary>Gives the stored profile to the agent's grain; null (logged) when the grain cannot be reached.</summary>
    public async Task<AgentState?> ConfigureAsync(StoredAgent agent)
    {
        try
        {
            var state = await grains.ConfigureAsync(agent.ToProfile()).ConfigureAwait(false);
            if (!agent.Enabled && state.Status != AgentStatus.LoggedOut)
            {
                // The grain's contract logs a disabled agent out; make sure of it, with the reason a supervisor reads.
                state = (await grains.LogOutAsync(agent.Id, null, "disabled").ConfigureAwait(false)).State;
            }

            return state;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Agent {AgentId}: its grain could not be configured; it gets its profile at the next change or start-up", agent.Id);
            return null;
        }
    }

    private static List<StoredAgentSkill> ToStored(IReadOnlyList<AgentSkill> skills) => skills.Select(s => new StoredAgentSkill(s.QueueId, s.Level)).ToList();
}
