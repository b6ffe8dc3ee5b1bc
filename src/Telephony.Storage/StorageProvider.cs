namespace Telephony.Storage;

/// <summary>The database engine behind the storage layer.</summary>
public enum StorageProvider
{
    /// <summary>Embedded single-node default: one file under ./data/, nothing to install.</summary>
    Sqlite,

    /// <summary>Shared database for several nodes.</summary>
    Postgres,
}
