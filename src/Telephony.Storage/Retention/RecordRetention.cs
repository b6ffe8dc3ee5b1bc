using System.Data.Common;
using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>
/// Purges what is older than the retention: completed call records by their end, callback requests by their request,
/// and each number's recent calls (the repeat-caller hint's <c>caller_calls</c>) by their start, which have a shorter
/// retention of their own (<c>Callers:RecentDays</c>). Open rows are never purged (a call in progress, or a row waiting
/// to be closed as node_lost). On PostgreSQL one node purges at a time: the purge holds a session advisory lock, and a node that finds it taken skips its turn.
/// SQLite is single-node by construction (localhost clustering), and its writes take turns anyway.
/// </summary>
public sealed class RecordRetention(IDbConnectionFactory factory)
{
    // Arbitrary constant shared by every node, distinct from the migration lock's.
    internal const long PostgresRetentionLockKey = 0x54_454C_5245_5445; // "TELRETE"

    // Deleted in slices, each its own statement: a first purge of a year of calls never holds one long transaction.
    private const int BatchSize = 5000;

    private readonly SqlDialect _dialect = SqlDialect.For(factory.Provider);

    /// <param name="cutoff">Records and callback requests older than this go.</param>
    /// <param name="callerCallsCutoff">
    /// Recent calls of a number older than this go; null means <paramref name="cutoff"/>, and an earlier date counts as
    /// <paramref name="cutoff"/> (the hint never outlives the records).
    /// </param>
    /// <returns>Null when another node holds the purge right now; otherwise what this run deleted.</returns>
    public async Task<RetentionResult?> PurgeAsync(DateTimeOffset cutoff, CancellationToken ct, DateTimeOffset? callerCallsCutoff = null)
    {
        var at = new Cutoffs(_dialect.ToDbTimestamp(cutoff), _dialect.ToDbTimestamp(callerCallsCutoff is { } c && c > cutoff ? c : cutoff));
        if (factory.Provider != StorageProvider.Postgres)
        {
            return await PurgeTablesAsync(null, at, ct).ConfigureAwait(false);
        }

        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(@Key)", new { Key = PostgresRetentionLockKey }, cancellationToken: ct)).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            return await PurgeTablesAsync(connection, at, ct).ConfigureAwait(false);
        }
        finally
        {
            // Also released by the server should this connection die: a crashed purge never blocks the next.
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_unlock(@Key)", new { Key = PostgresRetentionLockKey }, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
        }
    }

    private async Task<RetentionResult> PurgeTablesAsync(DbConnection? locked, Cutoffs cutoffs, CancellationToken ct)
    {
        var records = await DeleteInSlicesAsync(locked, "call_records", "ended_at IS NOT NULL AND ended_at < @Cutoff", cutoffs.Records, ct).ConfigureAwait(false);
        var callbacks = await DeleteInSlicesAsync(locked, "callback_requests", "requested_at < @Cutoff", cutoffs.Records, ct).ConfigureAwait(false);
        var callerCalls = await DeleteInSlicesAsync(locked, "caller_calls", "started_at < @Cutoff", cutoffs.CallerCalls, ct).ConfigureAwait(false);
        return new RetentionResult(records, callbacks, callerCalls);
    }

    /// <summary>The two cutoffs as database parameters.</summary>
    private sealed record Cutoffs(object Records, object CallerCalls);

    /// <param name="locked">PostgreSQL: the connection holding the lock. SQLite (null): a write connection per slice.</param>
    private async Task<int> DeleteInSlicesAsync(DbConnection? locked, string table, string condition, object cutoff, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            int deleted;
            if (locked is not null)
            {
                deleted = await DeleteSliceAsync(locked, table, condition, cutoff, ct).ConfigureAwait(false);
            }
            else
            {
                // This process's writer turn, taken and given back per slice so calls' writes get in between.
                await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
                deleted = await DeleteSliceAsync(write.Connection, table, condition, cutoff, ct).ConfigureAwait(false);
            }

            total += deleted;
            if (deleted < BatchSize)
            {
                return total;
            }
        }
    }

    private static Task<int> DeleteSliceAsync(DbConnection connection, string table, string condition, object cutoff, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE {condition} LIMIT @Batch)",
            new { Cutoff = cutoff, Batch = BatchSize },
            cancellationToken: ct));
}

/// <summary>What one purge deleted.</summary>
public sealed record RetentionResult(int CallRecords, int CallbackRequests, int CallerCalls = 0);
