namespace Telephony.Storage.Migrations;

/// <summary>
/// Migration 60 on both providers: <c>storage_key</c>, one row naming the encryption key id the database's sealed values
/// use (<see cref="StorageKeyRegistry"/>). Numbered apart from the others, as the SMS and appointment ones are.
/// </summary>
internal static class StorageKeyMigrations
{
    private const string Table = """
        CREATE TABLE storage_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            key_id {text} NOT NULL,
            recorded_at {time} NOT NULL
        );
        """;

    public static Migration Sqlite { get; } = new(60, "storage_key",
        Table.Replace("{text}", "TEXT", StringComparison.Ordinal).Replace("{time}", "TEXT", StringComparison.Ordinal));

    public static Migration Postgres { get; } = new(60, "storage_key",
        Table.Replace("{text}", "text", StringComparison.Ordinal).Replace("{time}", "timestamptz", StringComparison.Ordinal));
}
