using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Telephony.Storage;

/// <summary>Tells "the database is not answering" (wait and try again) from "the database refused this" (it never will).</summary>
public static class StorageErrors
{
    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN: the file, not the data.
    private static readonly int[] SqliteUnavailableCodes = [5, 6, 10, 13, 14];

    /// <summary>
    /// True for errors that say the database is down, unreachable, overloaded or too slow: no connection, a broken
    /// one, a timeout, a server shutting down or out of resources, a locked or full SQLite file.
    /// </summary>
    public static bool IsUnavailable(Exception error) => error switch
    {
        OperationCanceledException or TimeoutException or SocketException or IOException => true,
        // Class 08: connection exception; 53: insufficient resources; 57: operator intervention (shutdown, cancel).
        PostgresException server => server.IsTransient || server.SqlState.StartsWith("08", StringComparison.Ordinal)
            || server.SqlState.StartsWith("53", StringComparison.Ordinal) || server.SqlState.StartsWith("57", StringComparison.Ordinal),
        // Any other Npgsql error happened before the server could answer: refused, reset, pool exhausted, timeout.
        NpgsqlException => true,
        SqliteException sqlite => SqliteUnavailableCodes.Contains(sqlite.SqliteErrorCode),
        DbException => false,
        _ => error.InnerException is { } inner && IsUnavailable(inner),
    };
}
