using System.Data.Common;
using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage.Tests.Infrastructure;

/// <summary>Rows as an older release wrote them, with only the columns it knew, for upgrade tests.</summary>
internal static class LegacyRows
{
    /// <summary>A call record with the columns of migration 1 (before the agent columns).</summary>
    public static Task InsertCallRecordAsync(DbConnection connection, StorageProvider provider, CallRecord record) =>
        connection.ExecuteAsync("""
            INSERT INTO call_records (id, call_id, network, line, path, queue_id, started_at, answered_at, queued_at, ended_at, outcome, end_reason, caller_masked)
            VALUES (@Id, @CallId, @Network, @Line, @Path, @QueueId, @StartedAt, @AnsweredAt, @QueuedAt, @EndedAt, @Outcome, @EndReason, @CallerMasked)
            """, Parameters(provider, record));

    /// <summary>Every column a call record had before the write-ahead columns, as parameters of the provider's types.</summary>
    public static object Parameters(StorageProvider provider, CallRecord record)
    {
        var dialect = SqlDialect.For(provider);
        return new
        {
            Id = dialect.ToDbId(record.Id),
            record.CallId,
            record.Network,
            record.Line,
            record.Path,
            record.QueueId,
            StartedAt = dialect.ToDbTimestamp(record.StartedAt),
            AnsweredAt = dialect.ToDbTimestamp(record.AnsweredAt),
            QueuedAt = dialect.ToDbTimestamp(record.QueuedAt),
            EndedAt = dialect.ToDbTimestamp(record.EndedAt),
            record.Outcome,
            record.EndReason,
            record.CallerMasked,
            record.AgentId,
            AgentAnsweredAt = dialect.ToDbTimestamp(record.AgentAnsweredAt),
            record.WaitSeconds,
            record.TalkSeconds,
            record.RingAttempts,
            record.SurveyScore,
        };
    }
}
