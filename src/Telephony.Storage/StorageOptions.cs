namespace Telephony.Storage;

/// <summary>Where call-control data is kept (configuration section "Storage").</summary>
public sealed class StorageOptions
{
    /// <summary>Connection string used for SQLite when none is configured.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/telephony.db";

    public const string DefaultBufferPath = "data/call-records.buffer.jsonl";

    /// <summary>Two writes a call: 100,000 calls, over half an hour of a node taking 50 calls a second; about 100 MB of disk.</summary>
    public const int DefaultBufferMaxRecords = 200_000;

    /// <summary>
    /// A call's 200 OK waits at most this long for its open row: committed to the database or synced to the buffer
    /// file, shared with every call answered meanwhile (one commit for all). A few milliseconds normally; the bound
    /// only matters in the first seconds of a database outage, before the writer turns to the buffer.
    /// </summary>
    public const int DefaultOpenRecordTimeoutMs = 500;

    /// <summary>13 months and a bit: a month can always be compared with the same month of the year before.</summary>
    public const int DefaultRetentionDays = 400;

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Provider connection string. Optional for SQLite (see <see cref="DefaultSqliteConnectionString"/>), required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The node's local file of call-record writes waiting for the database (JSON lines, fsync'd).</summary>
    public string BufferPath { get; set; } = DefaultBufferPath;

    /// <summary>How many writes the buffer holds at most; past it, new writes are lost (counted and logged).</summary>
    public int BufferMaxRecords { get; set; } = DefaultBufferMaxRecords;

    /// <summary>See <see cref="DefaultOpenRecordTimeoutMs"/>; 0 answers without waiting (a node killed then may lose the call's record).</summary>
    public int OpenRecordTimeoutMs { get; set; } = DefaultOpenRecordTimeoutMs;

    /// <summary>Call records and callback requests older than this many days are purged.</summary>
    public int RetentionDays { get; set; } = DefaultRetentionDays;

    /// <summary>
    /// The key that encrypts phone numbers kept in clear (callback requests), at least 32 characters; unset, one is
    /// generated into <c>data/storage-encryption.key</c> on the first start. Changing it makes stored numbers unreadable.
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <exception cref="StorageException">A setting is out of range, naming its key.</exception>
    public void ValidateDurability()
    {
        if (string.IsNullOrWhiteSpace(BufferPath))
        {
            throw new StorageException("Storage:BufferPath is empty; set a file path, e.g. data/call-records.buffer.jsonl.");
        }

        if (BufferMaxRecords is < 1 or > 10_000_000)
        {
            throw new StorageException($"Storage:BufferMaxRecords {BufferMaxRecords} must be between 1 and 10000000.");
        }

        if (OpenRecordTimeoutMs is < 0 or > 10_000)
        {
            throw new StorageException($"Storage:OpenRecordTimeoutMs {OpenRecordTimeoutMs} must be between 0 and 10000.");
        }

        if (RetentionDays is < 1 or > 36_500)
        {
            throw new StorageException($"Storage:RetentionDays {RetentionDays} must be between 1 and 36500.");
        }
    }
}
