using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Telephony.Storage;

namespace Telephony.Bench.Storage;

/// <summary>A fresh, migrated database for one provider's run: a temporary SQLite file or a new PostgreSQL schema.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly Func<Task> _drop;

    private BenchDatabase(StorageOptions options, Func<Task> drop)
    {
        Options = options;
        _drop = drop;
    }

    public StorageOptions Options { get; }

    public static async Task<BenchDatabase> CreateAsync(StorageProvider provider, string? postgres)
    {
        BenchDatabase database;
        if (provider == StorageProvider.Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("telephony-bench-storage-").FullName;
            // Pooled, as the server runs it.
            database = new BenchDatabase(
                new StorageOptions { Provider = provider, ConnectionString = $"Data Source={Path.Combine(directory, "bench.db")}" },
                () =>
                {
                    SqliteConnection.ClearAllPools();
                    Directory.Delete(directory, recursive: true);
                    return Task.CompletedTask;
                });
        }
        else
        {
            var schema = "bench_" + Guid.NewGuid().ToString("N");
            await ExecuteAsync(postgres!, $"CREATE SCHEMA {schema}");
            var connectionString = new NpgsqlConnectionStringBuilder(postgres) { SearchPath = schema }.ConnectionString;
            database = new BenchDatabase(
                new StorageOptions { Provider = provider, ConnectionString = connectionString },
                () => ExecuteAsync(postgres!, $"DROP SCHEMA {schema} CASCADE"));
        }

        var factory = StorageFactory.CreateConnectionFactory(database.Options);
        await new DatabaseMigrator(factory, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return database;
    }

    public async ValueTask DisposeAsync() => await _drop();

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
