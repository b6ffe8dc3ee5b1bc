using Microsoft.Data.Sqlite;
using Npgsql;

namespace Telephony.Storage.Tests.Infrastructure;

/// <summary>
/// An empty database for one test: a temporary SQLite file, or a fresh schema on the PostgreSQL server
/// (so tests running in parallel never see each other's rows). Removed on dispose.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<Task> _cleanup;

    private TestDatabase(StorageOptions options, Func<Task> cleanup)
    {
        Options = options;
        Factory = StorageFactory.CreateConnectionFactory(options);
        _cleanup = cleanup;
    }

    public StorageOptions Options { get; }

    public IDbConnectionFactory Factory { get; }

    public static async Task<TestDatabase> CreateAsync(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => CreateSqlite(),
        StorageProvider.Postgres => await CreatePostgresAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    private static TestDatabase CreateSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "telephony-storage-tests", Guid.NewGuid().ToString("N"));
        var file = Path.Combine(directory, "test.db");
        // No pooling: the file must be deletable as soon as the test ends.
        var options = new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={file};Pooling=False" };
        return new TestDatabase(options, () =>
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            return Task.CompletedTask;
        });
    }

    private static async Task<TestDatabase> CreatePostgresAsync()
    {
        var serverConnectionString = PostgresEnvironment.ConnectionString
            ?? throw new InvalidOperationException(PostgresEnvironment.SkipReason);
        var schema = "test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(serverConnectionString, $"CREATE SCHEMA {schema}");
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { SearchPath = schema };
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = builder.ConnectionString };
        return new TestDatabase(options, () => ExecuteAsync(serverConnectionString, $"DROP SCHEMA {schema} CASCADE"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<DatabaseMigrator> MigrateAsync()
    {
        var migrator = new DatabaseMigrator(Factory, Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseMigrator>.Instance);
        await migrator.MigrateAsync(CancellationToken.None);
        return migrator;
    }

    public async ValueTask DisposeAsync() => await _cleanup();
}
