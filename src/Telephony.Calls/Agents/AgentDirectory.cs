using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Telephony.Sip.Auth;
using Telephony.Storage;

namespace Telephony.Calls.Agents;

/// <summary>
/// The agents' SIP credentials as the registrar sees them: held in memory (a REGISTER, or a flood of them, never waits
/// on the database), reloaded at once after a change made on this node (<see cref="RefreshAsync"/>) and every
/// <see cref="RefreshInterval"/> for changes made on other nodes. A disabled agent has no credential, so its phone
/// cannot register; nor can one whose hashes were computed for another realm than <c>Agents:Realm</c>.
/// </summary>
public sealed class AgentDirectory(IAgentRepository repository, string realm, TimeProvider time, ILogger<AgentDirectory> logger)
    : BackgroundService, ISipCredentialStore
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private volatile ImmutableDictionary<string, Entry> _byUsername = ImmutableDictionary<string, Entry>.Empty.WithComparers(StringComparer.Ordinal);
    private string _reportedRealmMismatch = "";

    /// <summary>The realm new hashes are computed for and the registrar challenges with.</summary>
    public string Realm { get; } = realm;

    /// <summary>
    /// The shortest time between two reloads caused by an unknown username: at most one extra database read a second,
    /// however many unknown names a scanner tries.
    /// </summary>
    public static readonly TimeSpan MissRefreshInterval = TimeSpan.FromSeconds(1);

    private long _lastMissRefreshTicks = long.MinValue;

    public async ValueTask<SipCredential?> FindAsync(string username, string realm)
    {
        if (!_byUsername.ContainsKey(username) && TryClaimMissRefresh())
        {
            // An agent created on another node of the cluster a moment ago: its phone's first REGISTER may reach this
            // node before the periodic reload, and a phone that is refused waits a long time before trying again.
            try
            {
                await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                logger.LogWarning(error, "Could not reload the agents' credentials for an unknown username; keeping the last known ones");
            }
        }

        return _byUsername.TryGetValue(username, out var entry) && entry.Enabled && entry.Credential?.Realm == realm ? entry.Credential : null;
    }

    private bool TryClaimMissRefresh()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastMissRefreshTicks);
        return (last == long.MinValue || time.GetElapsedTime(last, now) >= MissRefreshInterval)
            && Interlocked.CompareExchange(ref _lastMissRefreshTicks, now, last) == last;
    }

    /// <summary>The id of the agent with this SIP username, enabled or not; null when there is none.</summary>
    public string? AgentIdOf(string sipUsername) => _byUsername.TryGetValue(sipUsername, out var entry) ? entry.AgentId : null;

    /// <summary>Reads every agent again; returns once the new credentials are in force.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        // One reload at a time, so that an older read can never replace a newer one.
        await _refreshGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var agents = await repository.ListAsync(ct).ConfigureAwait(false);
            _byUsername = agents.ToImmutableDictionary(a => a.SipUsername, ToEntry, StringComparer.Ordinal);
            ReportRealmMismatch(agents);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Keep the credentials last read: a database hiccup must not unregister every phone's next refresh.
                logger.LogWarning(error, "Could not reload the agents' credentials; keeping the last known ones");
            }
        }
    }

    public override void Dispose()
    {
        _refreshGate.Dispose();
        base.Dispose();
    }

    private Entry ToEntry(StoredAgent agent)
    {
        try
        {
            return new Entry(agent.Id, agent.Enabled, SipCredential.FromHa1(agent.SipUsername, agent.Ha1Realm, agent.Ha1Md5, agent.Ha1Sha256));
        }
        catch (ArgumentException)
        {
            logger.LogWarning("Agent {AgentId}: the stored hashes are not valid HA1 hex; its phone cannot register until a new password is set", agent.Id);
            return new Entry(agent.Id, agent.Enabled, null);
        }
    }

    // Said once per change of the set, not at every reload.
    private void ReportRealmMismatch(IReadOnlyList<StoredAgent> agents)
    {
        var mismatched = string.Join(", ", agents.Where(a => a.Ha1Realm != Realm).Select(a => a.Id));
        if (mismatched != _reportedRealmMismatch && mismatched.Length > 0)
        {
            logger.LogWarning(
                "Agents {AgentIds} have credentials for another digest realm than Agents:Realm '{Realm}': their phones cannot register until they are given a new password",
                mismatched, Realm);
        }

        _reportedRealmMismatch = mismatched;
    }

    private sealed record Entry(string AgentId, bool Enabled, SipCredential? Credential);
}
