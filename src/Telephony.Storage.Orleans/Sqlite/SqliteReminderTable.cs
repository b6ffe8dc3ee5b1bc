using Dapper;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Telephony.Storage.Connections;

namespace Telephony.Storage.Orleans.Sqlite;

/// <summary>
/// The reminder table of the embedded SQLite database (<c>orleans_reminders</c>): what the reminder service reads at
/// start-up and on every ring change, so reminders registered before a restart fire after it.
/// </summary>
/// <remarks>
/// Ranges follow Orleans' ring: (begin, end], wrapping past the top of the 32-bit hash space when begin ≥ end
/// (begin = end is the whole ring). The etag is a new GUID on every upsert, so a removal with an etag read before
/// the reminder was re-registered (or removed and added again) fails instead of deleting the newer reminder.
/// </remarks>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string SelectColumns = """
        SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_at AS StartAt, period_ms AS PeriodMs, etag AS ETag
        FROM orleans_reminders
        """;

    private readonly string _serviceId;
    private readonly IDbConnectionFactory _factory;

    internal SqliteReminderTable(IOptions<ClusterOptions> cluster, IDbConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _serviceId = cluster.Value.ServiceId;
        _factory = factory;
    }

    // The table is created by the storage migrations, which run before the silo starts.
    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        QueryAsync(" WHERE service_id = @ServiceId AND grain_id = @GrainId", new { ServiceId = _serviceId, GrainId = grainId.ToString() }, cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var range = begin < end
            ? " AND grain_hash > @Begin AND grain_hash <= @End"
            : " AND (grain_hash > @Begin OR grain_hash <= @End)";
        return QueryAsync(" WHERE service_id = @ServiceId" + range, new { ServiceId = _serviceId, Begin = (long)begin, End = (long)end }, cancellationToken);
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QueryFirstOrDefaultAsync<ReminderRow>(new CommandDefinition(
            SelectColumns + " WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName",
            new { ServiceId = _serviceId, GrainId = grainId.ToString(), ReminderName = reminderName },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToEntry();
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var etag = Guid.NewGuid().ToString("N");
        // The reminder service hands in UTC times; one without a kind is taken as UTC, never as local time.
        var startAt = new DateTimeOffset(entry.StartAt.Kind == DateTimeKind.Unspecified
            ? DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc)
            : entry.StartAt.ToUniversalTime());
        var parameters = new
        {
            ServiceId = _serviceId,
            GrainId = entry.GrainId.ToString(),
            entry.ReminderName,
            GrainHash = (long)entry.GrainId.GetUniformHashCode(),
            StartAt = SqlDialect.For(StorageProvider.Sqlite).ToDbTimestamp(startAt),
            PeriodMs = (long)entry.Period.TotalMilliseconds,
            ETag = etag,
        };
        await using var write = await _factory.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        await write.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period_ms, etag)
            VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartAt, @PeriodMs, @ETag)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
            SET grain_hash = excluded.grain_hash, start_at = excluded.start_at, period_ms = excluded.period_ms, etag = excluded.etag
            """,
            parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return etag;
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        await using var write = await _factory.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var removed = await write.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND etag = @ETag",
            new { ServiceId = _serviceId, GrainId = grainId.ToString(), ReminderName = reminderName, ETag = eTag },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return removed > 0;
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        await using var write = await _factory.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        await write.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM orleans_reminders WHERE service_id = @ServiceId", new { ServiceId = _serviceId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private async Task<ReminderTableData> QueryAsync(string where, object parameters, CancellationToken ct)
    {
        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ReminderRow>(new CommandDefinition(SelectColumns + where, parameters, cancellationToken: ct)).ConfigureAwait(false);
        return new ReminderTableData(rows.Select(r => r.ToEntry()).ToList());
    }

    private sealed class ReminderRow
    {
        public string GrainId { get; set; } = "";

        public string ReminderName { get; set; } = "";

        public string StartAt { get; set; } = "";

        public long PeriodMs { get; set; }

        public string ETag { get; set; } = "";

        public ReminderEntry ToEntry() => new()
        {
            GrainId = global::Orleans.Runtime.GrainId.Parse(GrainId),
            ReminderName = ReminderName,
            StartAt = SqlDialect.FromDbTimestamp(StartAt).UtcDateTime,
            Period = TimeSpan.FromMilliseconds(PeriodMs),
            ETag = ETag,
        };
    }
}
