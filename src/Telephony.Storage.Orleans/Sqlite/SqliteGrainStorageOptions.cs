using Orleans.Storage;

namespace Telephony.Storage.Orleans.Sqlite;

/// <summary>Per-storage-name options of <see cref="SqliteGrainStorage"/>.</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>
    /// Turns grain state into the stored payload. Left unset, Orleans fills in the silo's registered
    /// <see cref="IGrainStorageSerializer"/> (JSON unless the host chose otherwise), the same one the PostgreSQL
    /// (ADO.NET) provider uses, so both providers store the same bytes for the same state.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
