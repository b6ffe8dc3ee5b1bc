using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

/// <summary>The database keeps the id of the key its values are sealed with: the first node's, whatever the next ones say.</summary>
public abstract class StorageKeyRegistryTests(StorageProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await _database.MigrateAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [ProviderFact]
    public async Task The_first_key_id_is_recorded_and_a_node_with_another_key_reads_that_one_back()
    {
        var registry = new StorageKeyRegistry(_database.Factory, TimeProvider.System);

        Assert.Equal("aaaa1111", await registry.RecordOrReadAsync("aaaa1111", CancellationToken.None));
        Assert.Equal("aaaa1111", await registry.RecordOrReadAsync("aaaa1111", CancellationToken.None));
        Assert.Equal("aaaa1111", await registry.RecordOrReadAsync("bbbb2222", CancellationToken.None));
    }
}

public sealed class SqliteStorageKeyRegistryTests() : StorageKeyRegistryTests(StorageProvider.Sqlite);

public sealed class PostgresStorageKeyRegistryTests() : StorageKeyRegistryTests(StorageProvider.Postgres), IRunsOnPostgres;
