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

    // 1 once this factory has put the file in WAL mode: the mode is stored in the file, so later opens need not ask.
    private int _walSet;

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
            // WAL lets readers work while one writer commits; the setting is stored in the file, so it is set by the
            // first open only (asking again costs a statement on every open: several per call at 400 set-ups/s).
            // busy_timeout and foreign_keys are per connection, so they are set on every open.
            var setWal = Volatile.Read(ref _walSet) == 0;
            command.CommandText = setWal
                ? $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
                : $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON;";
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            if (setWal)
            {
                Volatile.Write(ref _walSet, 1);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
