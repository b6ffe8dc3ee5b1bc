using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Storage;

namespace Telephony.Calls.Tests.Agents;

/// <summary>A migrated SQLite file of its own for one test (the storage tests cover PostgreSQL); removed on dispose.</summary>
internal sealed class AgentTestDatabase : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "telephony-agent-tests", Guid.NewGuid().ToString("N"));

    private AgentTestDatabase()
    {
        Directory.CreateDirectory(_directory);
        Factory = StorageFactory.CreateConnectionFactory(new StorageOptions
        {
            Provider = StorageProvider.Sqlite,
            ConnectionString = $"Data Source={FilePath};Pooling=False",
        });
        Agents = new AgentRepository(Factory);
    }

    public IDbConnectionFactory Factory { get; }

    /// <summary>The SQLite file, for tools that open the database themselves.</summary>
    public string FilePath => Path.Combine(_directory, "test.db");

    public AgentRepository Agents { get; }

    public static async Task<AgentTestDatabase> CreateAsync()
    {
        var database = new AgentTestDatabase();
        await new DatabaseMigrator(database.Factory, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return database;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
