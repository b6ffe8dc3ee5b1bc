using System.Data.Common;

namespace Telephony.Storage;

/// <summary>Opens ready-to-use connections to the configured database.</summary>
public interface IDbConnectionFactory
{
    StorageProvider Provider { get; }

    /// <summary>Opens a new connection; the caller disposes it.</summary>
    Task<DbConnection> OpenAsync(CancellationToken ct);
}
