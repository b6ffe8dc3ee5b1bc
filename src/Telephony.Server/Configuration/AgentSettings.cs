using Telephony.Calls.Agents;

namespace Telephony.Server.Configuration;

/// <summary>The <c>Agents</c> configuration section: agent phones that register with digest authentication.</summary>
public sealed class AgentSettings
{
    public const string SectionName = "Agents";

    /// <summary>Digest realm of agent credentials.</summary>
    public string Realm { get; set; } = "telephony";

    /// <summary>
    /// Secret that signs registration nonces, at least 16 characters, identical on every node so that a phone may
    /// answer a challenge to any of them. Empty: a random secret per start (fine for one node).
    /// </summary>
    public string? NonceSecret { get; set; }

    /// <summary>Also offer SHA-256 challenges (RFC 8760). Off by default: some phones (baresip 1.0) fail on them.</summary>
    public bool OfferSha256 { get; set; }

    /// <summary>
    /// The reasons a supervisor may pause an agent with (e.g. "formation", "reunion"); empty: any reason. The service's
    /// own reasons (no_answer, busy, unreachable, incompatible_phone) are not chosen through the API.
    /// </summary>
    public List<string> PauseReasons { get; set; } = [];

    /// <summary>Why <paramref name="reason"/> may not be chosen (it is not in <see cref="PauseReasons"/>), or null.</summary>
    public string? PauseReasonProblem(string reason) =>
        PauseReasons.Count == 0 || PauseReasons.Contains(reason.Trim(), StringComparer.Ordinal)
            ? null
            : $"must be one of Agents:PauseReasons ({string.Join(", ", PauseReasons)})";

    /// <summary>
    /// Bootstrap list for a fresh install: each account whose username is not stored yet is created at start-up; one
    /// that is stored is never overwritten (the admin API manages agents from then on).
    /// </summary>
    public List<AgentAccount> Accounts { get; set; } = [];

    /// <summary>The bootstrap list with each entry's configuration key, for messages that say which one is wrong.</summary>
    public IReadOnlyList<AgentSeed> ToSeeds() => Accounts.Select((account, index) =>
    {
        var key = $"{SectionName}:{nameof(Accounts)}:{index}";
        return new AgentSeed(
            key,
            account.Username,
            account.Password,
            string.IsNullOrWhiteSpace(account.DisplayName) ? null : account.DisplayName,
            account.Skills.Select((skill, s) => new AgentSeedSkill($"{key}:Skills:{s}", skill.Queue, skill.Level)).ToList());
    }).ToList();
}

/// <summary>One agent of the bootstrap list: the phone's credentials, and optionally a name and skills.</summary>
public sealed class AgentAccount
{
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>Shown to supervisors; the username when empty.</summary>
    public string? DisplayName { get; set; }

    public List<AgentAccountSkill> Skills { get; set; } = [];

    public override string ToString() => $"AgentAccount {{ Username = {Username} }}";
}

/// <summary>A queue of the IVR scripts and the agent's level for it, 1 (first choice) to 5.</summary>
public sealed class AgentAccountSkill
{
    public string Queue { get; set; } = "";

    public int Level { get; set; } = 1;
}
