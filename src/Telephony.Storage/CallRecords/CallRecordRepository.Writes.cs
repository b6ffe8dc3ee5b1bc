using System.Data;
using System.Globalization;
using System.Text;
using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>The write-ahead side: opening a call's row, completing or withdrawing it, closing the rows of a dead node.</summary>
public sealed partial class CallRecordRepository
{
    private const string InsertCompletedSql = """
        INSERT INTO call_records (id, call_id, network, line, path, queue_id, started_at, answered_at, queued_at, ended_at, outcome, end_reason, caller_masked,
                                  agent_id, agent_answered_at, wait_seconds, talk_seconds, ring_attempts, survey_score, node_id, transcript)
        VALUES (@Id, @CallId, @Network, @Line, @Path, @QueueId, @StartedAt, @AnsweredAt, @QueuedAt, @EndedAt, @Outcome, @EndReason, @CallerMasked,
                @AgentId, @AgentAnsweredAt, @WaitSeconds, @TalkSeconds, @RingAttempts, @SurveyScore, @NodeId, @Transcript)
        """;

    private const string OpenSql = """
        INSERT INTO call_records (id, call_id, network, line, path, started_at, answered_at, caller_masked, ring_attempts, node_id, node_instance)
        VALUES (@Id, @CallId, @Network, @Line, '', @StartedAt, @AnsweredAt, @CallerMasked, 0, @NodeId, @NodeInstance)
        ON CONFLICT (id) DO NOTHING
        """;

    // One statement whatever the row's state: none yet (a call refused before it was answered, or its opening lost)
    // inserts it; an open row is completed; so is a row closed as node_lost (the node was declared dead, but the
    // completion was waiting in its buffer and is replayed later); a row completed for real is never changed again.
    private const string CompleteSql = InsertCompletedSql + $"""

        ON CONFLICT (id) DO UPDATE
        SET call_id = excluded.call_id, network = excluded.network, line = excluded.line, path = excluded.path, queue_id = excluded.queue_id,
            started_at = excluded.started_at, answered_at = excluded.answered_at, queued_at = excluded.queued_at, ended_at = excluded.ended_at,
            outcome = excluded.outcome, end_reason = excluded.end_reason, caller_masked = excluded.caller_masked, agent_id = excluded.agent_id,
            agent_answered_at = excluded.agent_answered_at, wait_seconds = excluded.wait_seconds, talk_seconds = excluded.talk_seconds,
            ring_attempts = excluded.ring_attempts, survey_score = excluded.survey_score, node_id = COALESCE(excluded.node_id, call_records.node_id),
            transcript = excluded.transcript
        WHERE call_records.ended_at IS NULL OR call_records.end_reason = '{NodeLostReason}'
        """;

    // The call in its number's recent calls (the repeat-caller hint), with its completion: a completion applied twice
    // (a buffer replayed) adds it once.
    private const string AddCallerCallSql = """
        INSERT INTO caller_calls (id, caller_key, line, started_at, outcome) VALUES (@Id, @CallerKey, @Line, @StartedAt, @Outcome)
        ON CONFLICT (id) DO NOTHING
        """;

    // The row of a 200 OK never acknowledged: only while it is still open and this node's (a row another node closed
    // as node_lost, or one completed, stays as it is).
    private const string WithdrawSql = "DELETE FROM call_records WHERE id = @Id AND ended_at IS NULL";

    // Writes per command: one round trip for many statements, well within both engines' parameter limits.
    private const int StatementsPerCommand = 100;

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
        // PostgreSQL: many statements a command, one round trip. SQLite runs in process, and binds every parameter of a
        // command to each of its statements by name (quadratic in a long command): one statement a command is faster.
        var perCommand = _factory.Provider == StorageProvider.Postgres ? StatementsPerCommand : 1;
        for (var first = 0; first < writes.Count; first += perCommand)
        {
            var (sql, parameters) = BatchCommand(writes, first, Math.Min(perCommand, writes.Count - first));
            await write.Connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false);
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

    /// <summary>The statements of writes [first, first + count) in one command text, each with parameters of its own (@w3Id...).</summary>
    private (string Sql, DynamicParameters Parameters) BatchCommand(IReadOnlyList<CallRecordWrite> writes, int first, int count)
    {
        var sql = new StringBuilder();
        var parameters = new DynamicParameters();
        for (var i = 0; i < count; i++)
        {
            var change = writes[first + i];
            var prefix = string.Create(CultureInfo.InvariantCulture, $"w{i}");
            if (change.Open is { } open)
            {
                AddOpening(parameters, prefix, open);
                sql.Append(OpenSql.Replace("@", "@" + prefix, StringComparison.Ordinal));
            }
            else if (change.Complete is { } complete)
            {
                AddCompleted(parameters, prefix, complete);
                sql.Append(CompleteSql.Replace("@", "@" + prefix, StringComparison.Ordinal));
                if (complete.CallerKey is not null)
                {
                    sql.Append(";\n").Append(AddCallerCallSql.Replace("@", "@" + prefix, StringComparison.Ordinal));
                }
            }
            else
            {
                parameters.Add(prefix + "Id", _dialect.ToDbId(change.Withdraw!.Id));
                sql.Append(WithdrawSql.Replace("@", "@" + prefix, StringComparison.Ordinal));
            }

            sql.Append(";\n");
        }

        return (sql.ToString(), parameters);
    }

    private void AddOpening(DynamicParameters parameters, string prefix, OpenCallRecord open)
    {
        parameters.Add(prefix + "Id", _dialect.ToDbId(open.Id));
        parameters.Add(prefix + "CallId", open.CallId, DbType.String);
        parameters.Add(prefix + "Network", open.Network, DbType.String);
        parameters.Add(prefix + "Line", open.Line, DbType.String);
        parameters.Add(prefix + "StartedAt", _dialect.ToDbTimestamp(open.StartedAt));
        parameters.Add(prefix + "AnsweredAt", _dialect.ToDbTimestamp(open.AnsweredAt));
        parameters.Add(prefix + "CallerMasked", open.CallerMasked, DbType.String);
        parameters.Add(prefix + "NodeId", open.Node.Id, DbType.String);
        parameters.Add(prefix + "NodeInstance", open.Node.Instance, DbType.String);
    }

    private void AddCompleted(DynamicParameters parameters, string prefix, CallRecord record)
    {
        parameters.Add(prefix + "Id", _dialect.ToDbId(record.Id));
        parameters.Add(prefix + "CallId", record.CallId, DbType.String);
        parameters.Add(prefix + "Network", record.Network, DbType.String);
        parameters.Add(prefix + "Line", record.Line, DbType.String);
        parameters.Add(prefix + "Path", record.Path ?? "", DbType.String);
        parameters.Add(prefix + "QueueId", record.QueueId, DbType.String);
        parameters.Add(prefix + "StartedAt", _dialect.ToDbTimestamp(record.StartedAt));
        parameters.Add(prefix + "AnsweredAt", _dialect.ToDbTimestamp(record.AnsweredAt));
        parameters.Add(prefix + "QueuedAt", _dialect.ToDbTimestamp(record.QueuedAt));
        parameters.Add(prefix + "EndedAt", _dialect.ToDbTimestamp(record.EndedAt));
        parameters.Add(prefix + "Outcome", record.Outcome, DbType.String);
        parameters.Add(prefix + "EndReason", record.EndReason, DbType.String);
        parameters.Add(prefix + "CallerMasked", record.CallerMasked, DbType.String);
        parameters.Add(prefix + "AgentId", record.AgentId, DbType.String);
        parameters.Add(prefix + "AgentAnsweredAt", _dialect.ToDbTimestamp(record.AgentAnsweredAt));
        parameters.Add(prefix + "WaitSeconds", record.WaitSeconds, DbType.Double);
        parameters.Add(prefix + "TalkSeconds", record.TalkSeconds, DbType.Double);
        parameters.Add(prefix + "RingAttempts", record.RingAttempts, DbType.Int32);
        parameters.Add(prefix + "SurveyScore", record.SurveyScore, DbType.Int32);
        parameters.Add(prefix + "NodeId", record.NodeId, DbType.String);
        parameters.Add(prefix + "Transcript", record.Transcript, DbType.String);
        parameters.Add(prefix + "CallerKey", record.CallerKey, DbType.String);
    }
}
