using System.Data.Common;
using Npgsql;

namespace Telephony.Storage.Connections;

/// <summary>Opens PostgreSQL connections (Npgsql pools them per connection string).</summary>
internal sealed class PostgresConnectionFactory : IDbConnectionFactory
{
    private readonly string _connectionString;

    public PostgresConnectionFactory(string connectionString)
    {
        _connectionString = connectionString;
    }

    public StorageProvider Provider => StorageProvider.Postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
