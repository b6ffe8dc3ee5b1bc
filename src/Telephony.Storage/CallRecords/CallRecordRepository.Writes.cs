using System.Data.Common;
using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>The write-ahead side: opening a call's row, completing it, closing the rows of a dead node.</summary>
public sealed partial class CallRecordRepository
{
    private const string InsertCompletedSql = """
        INSERT INTO call_records (id, call_id, network, line, path, queue_id, started_at, answered_at, queued_at, ended_at, outcome, end_reason, caller_masked,
                                  agent_id, agent_answered_at, wait_seconds, talk_seconds, ring_attempts, survey_score, node_id)
        VALUES (@Id, @CallId, @Network, @Line, @Path, @QueueId, @StartedAt, @AnsweredAt, @QueuedAt, @EndedAt, @Outcome, @EndReason, @CallerMasked,
                @AgentId, @AgentAnsweredAt, @WaitSeconds, @TalkSeconds, @RingAttempts, @SurveyScore, @NodeId)
        """;

    private const string OpenSql = """
        INSERT INTO call_records (id, call_id, network, line, path, started_at, answered_at, caller_masked, ring_attempts, node_id, node_instance)
        VALUES (@Id, @CallId, @Network, @Line, '', @StartedAt, @AnsweredAt, @CallerMasked, 0, @NodeId, @NodeInstance)
        ON CONFLICT (id) DO NOTHING
        """;

    // A row closed as node_lost may still get its true outcome: the node was declared dead, but its completion was
    // waiting in its buffer and is replayed later. A row completed for real is never changed again.
    private const string CompleteSql = $"""
        UPDATE call_records
        SET call_id = @CallId, network = @Network, line = @Line, path = @Path, queue_id = @QueueId, started_at = @StartedAt,
            answered_at = @AnsweredAt, queued_at = @QueuedAt, ended_at = @EndedAt, outcome = @Outcome, end_reason = @EndReason,
            caller_masked = @CallerMasked, agent_id = @AgentId, agent_answered_at = @AgentAnsweredAt, wait_seconds = @WaitSeconds,
            talk_seconds = @TalkSeconds, ring_attempts = @RingAttempts, survey_score = @SurveyScore, node_id = COALESCE(@NodeId, node_id)
        WHERE id = @Id AND (ended_at IS NULL OR end_reason = '{NodeLostReason}')
        """;

    private const string InsertCompletedIfMissingSql = InsertCompletedSql + " ON CONFLICT (id) DO NOTHING";

    // The end of a lost call is when its node was last known alive, but never before the call was answered.
    private const string CloseLostSql = $"""
        UPDATE call_records
        SET ended_at = CASE WHEN COALESCE(answered_at, started_at) > @LastSeen THEN COALESCE(answered_at, started_at) ELSE @LastSeen END,
            outcome = 'dropped', end_reason = '{NodeLostReason}'
        WHERE ended_at IS NULL AND
        """;

    private const string ReturningLost = " RETURNING call_id AS CallId, network AS Network, line AS Line";

    public async Task ApplyAsync(IReadOnlyList<CallRecordWrite> writes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return;
        }

        await using var write = await _factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        await using var transaction = await write.Connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        foreach (var change in writes)
        {
            await ApplyOneAsync(write.Connection, transaction, change, ct).ConfigureAwait(false);
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<LostCall>> CloseLostByNodeAsync(string nodeId, string currentInstance, DateTimeOffset lastSeen, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(currentInstance);
        // Rows written before node instances were recorded have none: they belong to a previous run too.
        return CloseLostAsync(
            " node_id = @NodeId AND (node_instance IS NULL OR node_instance <> @Instance)",
            new { NodeId = nodeId, Instance = currentInstance, LastSeen = _dialect.ToDbTimestamp(lastSeen) },
            ct);
    }

    public Task<IReadOnlyList<LostCall>> CloseLostByInstanceAsync(string instance, DateTimeOffset lastSeen, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instance);
        return CloseLostAsync(" node_instance = @Instance", new { Instance = instance, LastSeen = _dialect.ToDbTimestamp(lastSeen) }, ct);
    }

    private async Task<IReadOnlyList<LostCall>> CloseLostAsync(string filter, object parameters, CancellationToken ct)
    {
        await using var write = await _factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        // One statement: two nodes closing the same rows at once each get only the rows their own update changed.
        var closed = await write.Connection.QueryAsync<LostCall>(new CommandDefinition(
            CloseLostSql + filter + ReturningLost, parameters, cancellationToken: ct)).ConfigureAwait(false);
        return closed.ToList();
    }

    private async Task ApplyOneAsync(DbConnection connection, DbTransaction transaction, CallRecordWrite change, CancellationToken ct)
    {
        if (change.Open is { } open)
        {
            await connection.ExecuteAsync(new CommandDefinition(OpenSql, new
            {
                Id = _dialect.ToDbId(open.Id),
                open.CallId,
                open.Network,
                open.Line,
                StartedAt = _dialect.ToDbTimestamp(open.StartedAt),
                AnsweredAt = _dialect.ToDbTimestamp(open.AnsweredAt),
                open.CallerMasked,
                NodeId = open.Node.Id,
                NodeInstance = open.Node.Instance,
            }, transaction, cancellationToken: ct)).ConfigureAwait(false);
            return;
        }

        var parameters = CompletedParameters(change.Complete!);
        var updated = await connection.ExecuteAsync(new CommandDefinition(CompleteSql, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false);
        if (updated == 0)
        {
            // No open row (a call refused before it was answered, or its opening was lost), or already completed.
            await connection.ExecuteAsync(new CommandDefinition(InsertCompletedIfMissingSql, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false);
        }
    }

    private object CompletedParameters(CallRecord record) => new
    {
        Id = _dialect.ToDbId(record.Id),
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
        record.NodeId,
    };
}
