using System.Data.Common;

namespace Telephony.Storage.Orleans.Sqlite;

/// <summary>
/// The SQLite file behind the embedded Orleans providers, shared by grain storage and the reminder table.
/// </summary>
/// <remarks>
/// SQLite takes one writer at a time for the whole file. Connections already run in WAL mode with a busy timeout
/// (see the connection factory), so readers never wait; writers of this process additionally queue here, in order, instead of
/// colliding inside SQLite and sleeping in its busy handler, which under a burst of grain writes costs far more than
/// the write itself. Other processes (or the call-record repository) are still arbitrated by the busy timeout.
/// </remarks>
internal sealed class SqliteOrleansDatabase : IDisposable
{
    private readonly IDbConnectionFactory _factory;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public SqliteOrleansDatabase(IDbConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (factory.Provider != StorageProvider.Sqlite)
        {
            throw new ArgumentException($"The embedded Orleans providers need SQLite, not {factory.Provider}.", nameof(factory));
        }

        _factory = factory;
    }

    public Task<DbConnection> OpenAsync(CancellationToken ct) => _factory.OpenAsync(ct);

    /// <summary>Runs <paramref name="write"/> on a fresh connection once no other write of this process is running.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> write, CancellationToken ct)
    {
        await _writer.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
            return await write(connection).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();
}
