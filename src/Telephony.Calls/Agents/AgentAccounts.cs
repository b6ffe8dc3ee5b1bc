using System.Security.Cryptography;
using System.Text;
using Telephony.Grains.Abstractions;
using Telephony.Sip.Auth;
using Telephony.Storage;

namespace Telephony.Calls.Agents;

/// <summary>The stored agents for the call layer and the console; the password check works from the stored HA1.</summary>
public sealed class AgentAccounts(IAgentRepository repository) : IAgentAccounts
{
    // Random per process, so that no password matches it: an unknown username is checked against it.
    private static readonly string DecoySha256 = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public async Task<string?> VerifyPasswordAsync(string sipUsername, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sipUsername);
        ArgumentNullException.ThrowIfNull(password);
        var agent = await repository.FindBySipUsernameAsync(sipUsername, cancellationToken).ConfigureAwait(false);

        // The same hash and the same constant-time comparison whether the username exists or not.
        var candidate = DigestComputation.Ha1(DigestAlgorithm.Sha256, sipUsername, agent?.Ha1Realm ?? "unknown", password);
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), Encoding.ASCII.GetBytes(agent?.Ha1Sha256 ?? DecoySha256));
        return matches && agent is { Enabled: true } ? agent.Id : null;
    }

    public async Task<AgentProfile?> FindAsync(string agentId, CancellationToken cancellationToken) =>
        (await repository.FindByIdAsync(agentId, cancellationToken).ConfigureAwait(false))?.ToProfile();

    public async Task<AgentProfile?> FindBySipUsernameAsync(string sipUsername, CancellationToken cancellationToken) =>
        (await repository.FindBySipUsernameAsync(sipUsername, cancellationToken).ConfigureAwait(false))?.ToProfile();

    public async Task<IReadOnlyList<AgentProfile>> ListAsync(CancellationToken cancellationToken) =>
        (await repository.ListAsync(cancellationToken).ConfigureAwait(false)).Select(a => a.ToProfile()).ToList();
}
