using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Agents;

/// <summary>
/// The agents the administration created (stored in the database on both providers): their profiles, and the check
/// of an agent's own password for the console. Passwords are never stored: only their digest HA1 hashes.
/// </summary>
public interface IAgentAccounts
{
    /// <summary>
    /// The agent id when <paramref name="password"/> is this SIP username's password and the agent is enabled, else
    /// null; an unknown username and a wrong password give the same answer (and take the same time).
    /// </summary>
    Task<string?> VerifyPasswordAsync(string sipUsername, string password, CancellationToken cancellationToken);

    Task<AgentProfile?> FindAsync(string agentId, CancellationToken cancellationToken);

    Task<AgentProfile?> FindBySipUsernameAsync(string sipUsername, CancellationToken cancellationToken);

    Task<IReadOnlyList<AgentProfile>> ListAsync(CancellationToken cancellationToken);
}
