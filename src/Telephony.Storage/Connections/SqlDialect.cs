using System.Globalization;

namespace Telephony.Storage.Connections;

/// <summary>
/// The few places where SQLite and PostgreSQL differ for the same SQL text: how ids and
/// timestamps travel as parameters and come back, and the DDL of the migration ledger.
/// </summary>
internal abstract class SqlDialect
{
    public static SqlDialect For(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => SqliteDialect.Instance,
        StorageProvider.Postgres => PostgresDialect.Instance,
        _ => throw new StorageException($"Unknown storage provider '{provider}'."),
    };

    public abstract string CreateMigrationTableSql { get; }

    public abstract object ToDbId(Guid id);

    public abstract object ToDbTimestamp(DateTimeOffset value);

    /// <summary>SQL text of the UTC hour a timestamp column falls in, as <c>yyyy-MM-ddTHH</c> text on both providers.</summary>
    public abstract string UtcHourOf(string column);

    public object? ToDbTimestamp(DateTimeOffset? value) => value is { } v ? ToDbTimestamp(v) : null;

    public static Guid FromDbId(object value) => value switch
    {
        Guid guid => guid,
        string text when Guid.TryParse(text, out var parsed) => parsed,
        _ => throw new StorageException($"Stored id '{value}' is not a GUID."),
    };

    public static DateTimeOffset FromDbTimestamp(object value) => value switch
    {
        DateTimeOffset dto => dto.ToUniversalTime(),
        // Npgsql returns timestamptz as a UTC DateTime.
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) => parsed,
        _ => throw new StorageException($"Stored timestamp '{value}' cannot be read."),
    };

    public static DateTimeOffset? FromDbNullableTimestamp(object? value) =>
        value is null or DBNull ? null : FromDbTimestamp(value);

    private sealed class SqliteDialect : SqlDialect
    {
        public static readonly SqliteDialect Instance = new();

        // Fixed width (7 fractional digits, 'Z') so that text order is time order.
        private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

        public override string CreateMigrationTableSql => """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at TEXT    NOT NULL
            )
            """;

        // Microsoft.Data.Sqlite would bind a Guid as a BLOB; text keeps the file readable with the sqlite3 shell.
        public override object ToDbId(Guid id) => id.ToString("D");

        public override object ToDbTimestamp(DateTimeOffset value) =>
            value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

        // The stored text is already UTC and fixed-width: its first 13 characters are the hour.
        public override string UtcHourOf(string column) => $"substr({column}, 1, 13)";
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public static readonly PostgresDialect Instance = new();

        public override string CreateMigrationTableSql => """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL
            )
            """;

        public override object ToDbId(Guid id) => id;

        // Npgsql only accepts offset-zero values for timestamptz.
        public override object ToDbTimestamp(DateTimeOffset value) => value.ToUniversalTime();

        public override string UtcHourOf(string column) => $"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24')";
    }
}
