using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Telephony.Storage.Connections;

/// <summary>Recognises provider errors the repositories turn into answers.</summary>
internal static class DbErrors
{
    // SQLite's extended codes SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555), not the bare
    // SQLITE_CONSTRAINT (19) that a CHECK or a foreign key failure also gives; PostgreSQL: unique_violation (23505).
    public static bool IsUniqueViolation(DbException ex) =>
        ex.SqlState == "23505" || (ex is SqliteException sqlite && sqlite.SqliteExtendedErrorCode is 2067 or 1555);
}
