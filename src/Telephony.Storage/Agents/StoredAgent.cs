namespace Telephony.Storage;

/// <summary>
/// An agent as stored in <c>agents</c> and <c>agent_skills</c>. The digest credentials are kept as HA1 hashes
/// (H(username:realm:password), MD5 and SHA-256) for <see cref="Ha1Realm"/>: the password itself is never stored.
/// </summary>
public sealed record StoredAgent
{
    /// <summary>Opaque id (<see cref="AgentIds"/>).</summary>
    public required string Id { get; init; }

    /// <summary>Personal data: shown to supervisors, never in a metric or a call record.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The phone's SIP username (its extension), unique; case-sensitive, as digest usernames are.</summary>
    public required string SipUsername { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>Lower-case hex MD5 of <c>username:realm:password</c>.</summary>
    public required string Ha1Md5 { get; init; }

    /// <summary>Lower-case hex SHA-256 of <c>username:realm:password</c>.</summary>
    public required string Ha1Sha256 { get; init; }

    /// <summary>The digest realm the hashes were computed for; another realm needs a new password.</summary>
    public required string Ha1Realm { get; init; }

    public IReadOnlyList<StoredAgentSkill> Skills { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Grows by one with every update; an update naming an older version is refused (another writer won).</summary>
    public long Version { get; init; }

    // The hashes are as good as a password against this service: keep them out of logs and debugger displays.
    public override string ToString() => $"StoredAgent {{ Id = {Id}, SipUsername = {SipUsername}, Enabled = {Enabled}, Skills = {Skills.Count} }}";
}

/// <summary>A queue the agent serves, with their level: 1 (first choice) to 5.</summary>
public sealed record StoredAgentSkill(string QueueId, int Level);
