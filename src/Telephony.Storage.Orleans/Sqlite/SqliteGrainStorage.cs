using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Telephony.Storage.Connections;

namespace Telephony.Storage.Orleans.Sqlite;

/// <summary>
/// Grain state in the <c>orleans_grain_state</c> table of the embedded SQLite database, with optimistic concurrency:
/// the etag is the row's version number, every write names the version it read, and a write or clear against any
/// other version throws <see cref="InconsistentStateException"/> without touching the row.
/// </summary>
/// <remarks>
/// Writes take the process's writer turn for the SQLite file (see <see cref="WriteConnection"/>), so a burst of grain
/// writes queues instead of colliding in SQLite's busy handler.
/// Rows are keyed by the full grain id (type and key) and the state name, so two grain types with the same key never
/// share state. Clearing keeps the row with no payload and a new version (as the PostgreSQL provider does), so an
/// activation that missed the clear still fails its next write instead of resurrecting the state.
/// </remarks>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private const string KeyFilter = "service_id = @ServiceId AND grain_id = @GrainId AND state_name = @StateName";

    private readonly string _name;
    private readonly string _serviceId;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IDbConnectionFactory _factory;
    private readonly IActivatorProvider _activators;

    internal SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        IOptions<ClusterOptions> cluster,
        IDbConnectionFactory factory,
        IActivatorProvider activators)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        _name = name;
        _serviceId = cluster.Value.ServiceId;
        _serializer = options.GrainStorageSerializer
            ?? throw new InvalidOperationException($"Grain storage '{name}' has no serializer (IGrainStorageSerializer is not registered).");
        _factory = factory;
        _activators = activators;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var stored = await ReadStoredAsync(stateName, grainId, cancellationToken).ConfigureAwait(false);
        if (stored?.Payload is { } payload)
        {
            grainState.State = _serializer.Deserialize<T>(new BinaryData(payload));
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = CreateDefault<T>();
            grainState.RecordExists = false;
        }

        grainState.ETag = stored is null ? null : FormatETag(stored.Version);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var expected = ParseETag(stateName, grainId, grainState.ETag);
        var parameters = Parameters(stateName, grainId);
        parameters.Add("Payload", _serializer.Serialize(grainState.State).ToArray());
        parameters.Add("Version", expected);
        var sql = expected is null
            // A first write: only if no other activation has stored anything meanwhile.
            ? """
              INSERT INTO orleans_grain_state (service_id, grain_id, state_name, payload, version, modified_at)
              VALUES (@ServiceId, @GrainId, @StateName, @Payload, 1, @Now)
              ON CONFLICT DO NOTHING
              RETURNING version
              """
            : $"""
              UPDATE orleans_grain_state SET payload = @Payload, version = version + 1, modified_at = @Now
              WHERE {KeyFilter} AND version = @Version
              RETURNING version
              """;

        var newVersion = await ExecuteWriteAsync(sql, parameters, cancellationToken).ConfigureAwait(false)
            ?? throw await ConflictAsync("write", stateName, grainId, grainState.ETag, cancellationToken).ConfigureAwait(false);
        grainState.ETag = FormatETag(newVersion);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var expected = ParseETag(stateName, grainId, grainState.ETag);
        if (expected is null)
        {
            // This activation never saw a stored version: clearing is a no-op while nothing is stored, and a conflict
            // when another activation has stored state since (it must be read before it can be cleared).
            var stored = await ReadStoredAsync(stateName, grainId, cancellationToken).ConfigureAwait(false);
            if (stored?.Payload is not null)
            {
                throw await ConflictAsync("clear", stateName, grainId, grainState.ETag, cancellationToken).ConfigureAwait(false);
            }

            ResetToDefault(grainState, stored is null ? null : FormatETag(stored.Version));
            return;
        }

        var parameters = Parameters(stateName, grainId);
        parameters.Add("Version", expected);
        var newVersion = await ExecuteWriteAsync(
            $"""
            UPDATE orleans_grain_state SET payload = NULL, version = version + 1, modified_at = @Now
            WHERE {KeyFilter} AND version = @Version
            RETURNING version
            """,
            parameters,
            cancellationToken).ConfigureAwait(false)
            ?? throw await ConflictAsync("clear", stateName, grainId, grainState.ETag, cancellationToken).ConfigureAwait(false);
        ResetToDefault(grainState, FormatETag(newVersion));
    }

    private void ResetToDefault<T>(IGrainState<T> grainState, string? etag)
    {
        grainState.State = CreateDefault<T>();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    private async Task<long?> ExecuteWriteAsync(string sql, DynamicParameters parameters, CancellationToken ct)
    {
        await using var write = await _factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        return await write.Connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql, parameters, cancellationToken: ct)).ConfigureAwait(false);
    }

    private async Task<StoredState?> ReadStoredAsync(string stateName, GrainId grainId, CancellationToken ct)
    {
        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<StoredState>(new CommandDefinition(
            $"SELECT payload AS Payload, version AS Version FROM orleans_grain_state WHERE {KeyFilter}",
            Parameters(stateName, grainId),
            cancellationToken: ct)).ConfigureAwait(false);
    }

    private async Task<InconsistentStateException> ConflictAsync(string operation, string stateName, GrainId grainId, string? etag, CancellationToken ct)
    {
        var stored = await ReadStoredAsync(stateName, grainId, ct).ConfigureAwait(false);
        var storedETag = stored is null ? "none" : FormatETag(stored.Version);
        return new InconsistentStateException(
            $"Version conflict on {operation}: storage '{_name}', state '{stateName}' of grain {grainId} was expected at version " +
            $"{etag ?? "none"} but is at {storedETag}.",
            storedETag,
            etag ?? "none");
    }

    private DynamicParameters Parameters(string stateName, GrainId grainId)
    {
        var parameters = new DynamicParameters();
        parameters.Add("ServiceId", _serviceId);
        parameters.Add("GrainId", grainId.ToString());
        parameters.Add("StateName", stateName);
        parameters.Add("Now", SqlDialect.For(StorageProvider.Sqlite).ToDbTimestamp(DateTimeOffset.UtcNow));
        return parameters;
    }

    private long? ParseETag(string stateName, GrainId grainId, string? etag)
    {
        if (string.IsNullOrEmpty(etag))
        {
            return null;
        }

        // An etag this provider did not issue (e.g. state moved from another provider) can only be a conflict.
        return long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InconsistentStateException(
                $"Storage '{_name}' cannot use etag '{etag}' for state '{stateName}' of grain {grainId}: not a version it issued.");
    }

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private T CreateDefault<T>() => _activators.GetActivator<T>().Create();

    private sealed class StoredState
    {
        public byte[]? Payload { get; set; }

        public long Version { get; set; }
    }
}
