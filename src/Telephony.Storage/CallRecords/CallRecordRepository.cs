using System.Data.Common;
using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>Call records in the <c>call_records</c> table; one SQL text for both providers.</summary>
public sealed class CallRecordRepository : ICallRecordRepository
{
    /// <summary>Upper bound of <see cref="ListRecentAsync"/>, so a bad query string cannot load the whole table.</summary>
    public const int MaxListLimit = 1000;

    private const string SelectColumns = """
        SELECT id AS Id, call_id AS CallId, network AS Network, line AS Line, path AS Path, queue_id AS QueueId,
               started_at AS StartedAt, answered_at AS AnsweredAt, queued_at AS QueuedAt, ended_at AS EndedAt,
               outcome AS Outcome, end_reason AS EndReason, caller_masked AS CallerMasked,
               agent_id AS AgentId, agent_answered_at AS AgentAnsweredAt, wait_seconds AS WaitSeconds,
               talk_seconds AS TalkSeconds, ring_attempts AS RingAttempts, survey_score AS SurveyScore
        FROM call_records
        """;

    private readonly IDbConnectionFactory _factory;
    private readonly SqlDialect _dialect;

    public CallRecordRepository(IDbConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _dialect = SqlDialect.For(factory.Provider);
    }

    public async Task AddAsync(CallRecord record, CancellationToken ct)
    {
        CallRecordValidation.EnsureValid(record);
        var parameters = new
        {
            Id = _dialect.ToDbId(record.Id == Guid.Empty ? Guid.NewGuid() : record.Id),
            record.CallId,
            record.Network,
            record.Line,
            Path = record.Path ?? "",
            record.QueueId,
            StartedAt = _dialect.ToDbTimestamp(record.StartedAt),
            AnsweredAt = _dialect.ToDbTimestamp(record.AnsweredAt),
            QueuedAt = _dialect.ToDbTimestamp(record.QueuedAt),
            EndedAt = _dialect.ToDbTimestamp(record.EndedAt),
            record.Outcome,
            record.EndReason,
            record.CallerMasked,
            record.AgentId,
            AgentAnsweredAt = _dialect.ToDbTimestamp(record.AgentAnsweredAt),
            record.WaitSeconds,
            record.TalkSeconds,
            record.RingAttempts,
            record.SurveyScore,
        };
        const string sql = """
            INSERT INTO call_records (id, call_id, network, line, path, queue_id, started_at, answered_at, queued_at, ended_at, outcome, end_reason, caller_masked,
                                      agent_id, agent_answered_at, wait_seconds, talk_seconds, ring_attempts, survey_score)
            VALUES (@Id, @CallId, @Network, @Line, @Path, @QueueId, @StartedAt, @AnsweredAt, @QueuedAt, @EndedAt, @Outcome, @EndReason, @CallerMasked,
                    @AgentId, @AgentAnsweredAt, @WaitSeconds, @TalkSeconds, @RingAttempts, @SurveyScore)
            """;

        await using var write = await _factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        try
        {
            await write.Connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new StorageException($"Call record {record.Id} (call id '{record.CallId}') is already stored.", ex);
        }
    }

    public async Task<CallRecord?> FindByCallIdAsync(string callId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(callId))
        {
            return null;
        }

        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QueryFirstOrDefaultAsync<CallRecordRow>(new CommandDefinition(
            SelectColumns + " WHERE call_id = @CallId ORDER BY ended_at DESC LIMIT 1", new { CallId = callId }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<CallRecord>> ListRecentAsync(int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxListLimit);

        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CallRecordRow>(new CommandDefinition(
            SelectColumns + " ORDER BY ended_at DESC, call_id LIMIT @Limit", new { Limit = limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    // Provider-neutral shape: ids and timestamps arrive as text on SQLite and as native types on PostgreSQL.
    private sealed class CallRecordRow
    {
        public object Id { get; set; } = "";

        public string CallId { get; set; } = "";

        public string Network { get; set; } = "";

        public string Line { get; set; } = "";

        public string Path { get; set; } = "";

        public string? QueueId { get; set; }

        public object StartedAt { get; set; } = "";

        public object? AnsweredAt { get; set; }

        public object? QueuedAt { get; set; }

        public object EndedAt { get; set; } = "";

        public string Outcome { get; set; } = "";

        public string? EndReason { get; set; }

        public string? CallerMasked { get; set; }

        public string? AgentId { get; set; }

        public object? AgentAnsweredAt { get; set; }

        public double? WaitSeconds { get; set; }

        public double? TalkSeconds { get; set; }

        public long RingAttempts { get; set; }

        public long? SurveyScore { get; set; }

        public CallRecord ToRecord() => new()
        {
            Id = SqlDialect.FromDbId(Id),
            CallId = CallId,
            Network = Network,
            Line = Line,
            Path = Path,
            QueueId = QueueId,
            StartedAt = SqlDialect.FromDbTimestamp(StartedAt),
            AnsweredAt = SqlDialect.FromDbNullableTimestamp(AnsweredAt),
            QueuedAt = SqlDialect.FromDbNullableTimestamp(QueuedAt),
            EndedAt = SqlDialect.FromDbTimestamp(EndedAt),
            Outcome = Outcome,
            EndReason = EndReason,
            CallerMasked = CallerMasked,
            AgentId = AgentId,
            AgentAnsweredAt = SqlDialect.FromDbNullableTimestamp(AgentAnsweredAt),
            WaitSeconds = WaitSeconds,
            TalkSeconds = TalkSeconds,
            RingAttempts = (int)RingAttempts,
            SurveyScore = (int?)SurveyScore,
        };
    }
}
