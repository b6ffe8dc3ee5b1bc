namespace Telephony.Storage;

/// <summary>Where call-control data is kept (configuration section "Storage").</summary>
public sealed class StorageOptions
{
    /// <summary>Connection string used for SQLite when none is configured.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/telephony.db";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Provider connection string. Optional for SQLite (see <see cref="DefaultSqliteConnectionString"/>), required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }
}
