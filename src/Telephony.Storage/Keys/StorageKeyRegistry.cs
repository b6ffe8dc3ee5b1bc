using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>
/// Which encryption key a database's values are sealed with: the first node to start records its key id (a hash of the
/// key, never the key), and every later node compares its own. Two nodes that each generated a key (no
/// <c>Storage:EncryptionKey</c> set) would otherwise both start on an empty database, and a callback stored by one
/// could never be dialled by the other.
/// </summary>
public sealed class StorageKeyRegistry(IDbConnectionFactory factory, TimeProvider time)
{
    private readonly SqlDialect _dialect = SqlDialect.For(factory.Provider);

    /// <summary>Records <paramref name="keyId"/> when the database has none yet; returns the key id the database holds.</summary>
    public async Task<string> RecordOrReadAsync(string keyId, CancellationToken ct)
    {
        await using (var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false))
        {
            await write.Connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO storage_key (id, key_id, recorded_at) VALUES (1, @KeyId, @Now) ON CONFLICT (id) DO NOTHING",
                new { KeyId = keyId, Now = _dialect.ToDbTimestamp(time.GetUtcNow()) },
                cancellationToken: ct)).ConfigureAwait(false);
        }

        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT key_id FROM storage_key WHERE id = 1", cancellationToken: ct)).ConfigureAwait(false)
            ?? throw new StorageException("storage_key has no row after it was written");
    }
}
