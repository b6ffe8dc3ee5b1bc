using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Telephony.Storage.Connections;

/// <summary>Opens SQLite connections set up for a server process: WAL journal and a busy timeout.</summary>
internal sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    // Long enough to ride out a migration or a burst of writes from another connection,
    // short enough that a stuck writer surfaces as an error instead of a hung call.
    private const int BusyTimeoutMilliseconds = 5000;

    private readonly string _connectionString;

    public SqliteConnectionFactory(string connectionString)
    {
        _connectionString = connectionString;
        DatabaseKey = WriteConnection.SqliteDatabaseKey(connectionString);
    }

    public StorageProvider Provider => StorageProvider.Sqlite;

    /// <summary>Which database file this factory opens, whatever the spelling of its connection string.</summary>
    public string DatabaseKey { get; }

    /// <summary>False for in-memory databases and URI file names, whose Data Source is not a plain path.</summary>
    public static bool IsFileDatabase(SqliteConnectionStringBuilder builder) =>
        builder.Mode != SqliteOpenMode.Memory
        && builder.DataSource != ":memory:"
        && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            // WAL lets readers work while one writer commits; the setting is stored in the file,
            // busy_timeout is per connection so it is set on every open.
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;";
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
