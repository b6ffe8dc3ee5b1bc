using System.Data.Common;
using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>Agents in <c>agents</c>, their skills in <c>agent_skills</c>; one SQL text for both providers.</summary>
public sealed class AgentRepository : IAgentRepository
{
    private const string SelectAgents = """
        SELECT id AS Id, display_name AS DisplayName, sip_username AS SipUsername, enabled AS Enabled,
               ha1_md5 AS Ha1Md5, ha1_sha256 AS Ha1Sha256, ha1_realm AS Ha1Realm,
               created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version
        FROM agents
        """;

    private const string SelectSkills = "SELECT agent_id AS AgentId, queue_id AS QueueId, level AS Level FROM agent_skills";

    private const string InsertSkill = "INSERT INTO agent_skills (agent_id, queue_id, level) VALUES (@AgentId, @QueueId, @Level)";

    private readonly IDbConnectionFactory _factory;
    private readonly SqlDialect _dialect;

    public AgentRepository(IDbConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _dialect = SqlDialect.For(factory.Provider);
    }

    public async Task<bool> TryAddAsync(StoredAgent agent, CancellationToken ct)
    {
        EnsureValid(agent);
        const string sql = """
            INSERT INTO agents (id, display_name, sip_username, enabled, ha1_md5, ha1_sha256, ha1_realm, created_at, updated_at, version)
            VALUES (@Id, @DisplayName, @SipUsername, @Enabled, @Ha1Md5, @Ha1Sha256, @Ha1Realm, @CreatedAt, @UpdatedAt, 1)
            """;
        await using var write = await _factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        await using var transaction = await write.Connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            await write.Connection.ExecuteAsync(new CommandDefinition(sql, Parameters(agent), transaction, cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            return false;
        }

        await InsertSkillsAsync(write.Connection, transaction, agent, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> TryUpdateAsync(StoredAgent agent, CancellationToken ct)
    {
        EnsureValid(agent);
        const string sql = """
            UPDATE agents
               SET display_name = @DisplayName, enabled = @Enabled, ha1_md5 = @Ha1Md5, ha1_sha256 = @Ha1Sha256,
                   ha1_realm = @Ha1Realm, updated_at = @UpdatedAt, version = version + 1
             WHERE id = @Id AND version = @Version
            """;
        await using var write = await _factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        await using var transaction = await write.Connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var updated = await write.Connection.ExecuteAsync(new CommandDefinition(sql, Parameters(agent), transaction, cancellationToken: ct)).ConfigureAwait(false);
        if (updated == 0)
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            return false;
        }

        await write.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM agent_skills WHERE agent_id = @Id", new { agent.Id }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        await InsertSkillsAsync(write.Connection, transaction, agent, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public Task<StoredAgent?> FindByIdAsync(string id, CancellationToken ct) =>
        string.IsNullOrEmpty(id) ? Task.FromResult<StoredAgent?>(null) : FindOneAsync("id", id, ct);

    public Task<StoredAgent?> FindBySipUsernameAsync(string sipUsername, CancellationToken ct) =>
        string.IsNullOrEmpty(sipUsername) ? Task.FromResult<StoredAgent?>(null) : FindOneAsync("sip_username", sipUsername, ct);

    public async Task<IReadOnlyList<StoredAgent>> ListAsync(CancellationToken ct)
    {
        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        var agents = await connection.QueryAsync<AgentRow>(new CommandDefinition(SelectAgents + " ORDER BY sip_username", cancellationToken: ct)).ConfigureAwait(false);
        var skills = (await connection.QueryAsync<SkillRow>(new CommandDefinition(SelectSkills + " ORDER BY level, queue_id", cancellationToken: ct)).ConfigureAwait(false))
            .ToLookup(s => s.AgentId, StringComparer.Ordinal);
        return agents.Select(a => a.ToAgent(skills[a.Id])).ToList();
    }

    private async Task<StoredAgent?> FindOneAsync(string column, string value, CancellationToken ct)
    {
        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        // The column comes from this class only, never from a caller.
        var row = await connection.QueryFirstOrDefaultAsync<AgentRow>(new CommandDefinition(
            SelectAgents + $" WHERE {column} = @Value", new { Value = value }, cancellationToken: ct)).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var skills = await connection.QueryAsync<SkillRow>(new CommandDefinition(
            SelectSkills + " WHERE agent_id = @Id ORDER BY level, queue_id", new { row.Id }, cancellationToken: ct)).ConfigureAwait(false);
        return row.ToAgent(skills);
    }

    private static async Task InsertSkillsAsync(DbConnection connection, DbTransaction transaction, StoredAgent agent, CancellationToken ct)
    {
        if (agent.Skills.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                InsertSkill, agent.Skills.Select(s => new { AgentId = agent.Id, s.QueueId, s.Level }).ToList(), transaction, cancellationToken: ct)).ConfigureAwait(false);
        }
    }

    private object Parameters(StoredAgent agent) => new
    {
        agent.Id,
        agent.DisplayName,
        agent.SipUsername,
        agent.Enabled,
        agent.Ha1Md5,
        agent.Ha1Sha256,
        agent.Ha1Realm,
        CreatedAt = _dialect.ToDbTimestamp(agent.CreatedAt),
        UpdatedAt = _dialect.ToDbTimestamp(agent.UpdatedAt),
        agent.Version,
    };

    // The schema checks these too; checking here first gives the caller a message instead of a constraint name.
    private static void EnsureValid(StoredAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!AgentIds.IsValid(agent.Id))
        {
            throw new ArgumentException($"'{agent.Id}' is not an agent id (see AgentIds.New).", nameof(agent));
        }

        if (string.IsNullOrWhiteSpace(agent.DisplayName) || string.IsNullOrWhiteSpace(agent.SipUsername) || string.IsNullOrEmpty(agent.Ha1Realm))
        {
            throw new ArgumentException($"Agent {agent.Id}: display name, SIP username and realm are required.", nameof(agent));
        }

        if (!IsLowerHex(agent.Ha1Md5, 32) || !IsLowerHex(agent.Ha1Sha256, 64))
        {
            throw new ArgumentException($"Agent {agent.Id}: the HA1 hashes must be lower-case hex MD5 (32) and SHA-256 (64).", nameof(agent));
        }

        var bad = agent.Skills.FirstOrDefault(s => string.IsNullOrWhiteSpace(s.QueueId) || s.Level is < 1 or > 5);
        if (bad is not null || agent.Skills.DistinctBy(s => s.QueueId, StringComparer.Ordinal).Count() != agent.Skills.Count)
        {
            throw new ArgumentException($"Agent {agent.Id}: each skill needs a queue id, once, and a level from 1 to 5.", nameof(agent));
        }
    }

    private static bool IsLowerHex(string value, int length) =>
        value is not null && value.Length == length && value.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;

    // Provider-neutral shape: enabled arrives as an integer on SQLite and a boolean on PostgreSQL.
    private sealed class AgentRow
    {
        public string Id { get; set; } = "";

        public string DisplayName { get; set; } = "";

        public string SipUsername { get; set; } = "";

        public object Enabled { get; set; } = false;

        public string Ha1Md5 { get; set; } = "";

        public string Ha1Sha256 { get; set; } = "";

        public string Ha1Realm { get; set; } = "";

        public object CreatedAt { get; set; } = "";

        public object UpdatedAt { get; set; } = "";

        public long Version { get; set; }

        public StoredAgent ToAgent(IEnumerable<SkillRow> skills) => new()
        {
            Id = Id,
            DisplayName = DisplayName,
            SipUsername = SipUsername,
            Enabled = Convert.ToBoolean(Enabled, System.Globalization.CultureInfo.InvariantCulture),
            Ha1Md5 = Ha1Md5,
            Ha1Sha256 = Ha1Sha256,
            Ha1Realm = Ha1Realm,
            Skills = skills.Select(s => new StoredAgentSkill(s.QueueId, (int)s.Level)).ToList(),
            CreatedAt = SqlDialect.FromDbTimestamp(CreatedAt),
            UpdatedAt = SqlDialect.FromDbTimestamp(UpdatedAt),
            Version = Version,
        };
    }

    private sealed class SkillRow
    {
        public string AgentId { get; set; } = "";

        public string QueueId { get; set; } = "";

        public long Level { get; set; }
    }
}
