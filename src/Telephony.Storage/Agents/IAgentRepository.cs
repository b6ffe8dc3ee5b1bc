namespace Telephony.Storage;

/// <summary>Agents and their skills, on either provider.</summary>
public interface IAgentRepository
{
    /// <summary>Stores a new agent with its skills; false (nothing stored) when its SIP username is taken.</summary>
    Task<bool> TryAddAsync(StoredAgent agent, CancellationToken ct);

    /// <summary>
    /// Replaces the display name, enabled flag, credentials, skills and update time of the agent with this id, if it
    /// is still at <see cref="StoredAgent.Version"/>; the stored version is then one more. False when there is no such
    /// agent or it changed since it was read (read it again and retry).
    /// </summary>
    Task<bool> TryUpdateAsync(StoredAgent agent, CancellationToken ct);

    Task<StoredAgent?> FindByIdAsync(string id, CancellationToken ct);

    Task<StoredAgent?> FindBySipUsernameAsync(string sipUsername, CancellationToken ct);

    /// <summary>Every agent, by SIP username.</summary>
    Task<IReadOnlyList<StoredAgent>> ListAsync(CancellationToken ct);
}
