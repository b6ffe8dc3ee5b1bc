using System.Data.Common;
using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>Call records in the <c>call_records</c> table; one SQL text for both providers.</summary>
public sealed partial class CallRecordRepository : ICallRecordRepository
{
    /// <summary>Upper bound of <see cref="ListRecentAsync"/>, so a bad query string cannot load the whole table.</summary>
    public const int MaxListLimit = 1000;

    /// <summary>The end reason of a row closed because the node that held the call died.</summary>
    public const string NodeLostReason = "node_lost";

    // Open rows (the call is not over) have no end: every reader of completed records filters on this.
    private const string Completed = "ended_at IS NOT NULL";

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
        var stored = record.Id == Guid.Empty ? record with { Id = Guid.NewGuid() } : record;
        await using var write = await _factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        try
        {
            var parameters = new DynamicParameters();
            AddCompleted(parameters, "", stored);
            var sql = stored.CallerKey is null ? InsertCompletedSql : InsertCompletedSql + ";\n" + AddCallerCallSql;
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
            CallRecordRow.SelectColumns + $" WHERE call_id = @CallId AND {Completed} ORDER BY ended_at DESC LIMIT 1",
            new { CallId = callId },
            cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<CallRecord>> ListRecentAsync(int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxListLimit);

        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CallRecordRow>(new CommandDefinition(
            CallRecordRow.SelectColumns + $" WHERE {Completed} ORDER BY ended_at DESC, call_id LIMIT @Limit", new { Limit = limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<OpenCallRecord>> ListOpenAsync(int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxListLimit);

        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OpenCallRecordRow>(new CommandDefinition(
            OpenCallRecordRow.SelectColumns + " WHERE ended_at IS NULL ORDER BY started_at, call_id LIMIT @Limit", new { Limit = limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }
}
