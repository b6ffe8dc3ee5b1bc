using Microsoft.Data.Sqlite;
using Npgsql;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>Turns <see cref="StorageOptions"/> into a connection factory, checking the configuration up front.</summary>
public static class StorageFactory
{
    /// <exception cref="StorageException">The connection string is missing (PostgreSQL) or cannot be parsed.</exception>
    public static IDbConnectionFactory CreateConnectionFactory(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider switch
        {
            StorageProvider.Sqlite => CreateSqlite(options.ConnectionString),
            StorageProvider.Postgres => CreatePostgres(options.ConnectionString),
            _ => throw new StorageException($"Unknown storage provider '{options.Provider}' (Storage:Provider must be Sqlite or Postgres)."),
        };
    }

    /// <summary>
    /// The full path of the SQLite file <paramref name="options"/> opens; null for PostgreSQL, an in-memory database or
    /// a URI file name. For tools that read a database and must not create an empty one.
    /// </summary>
    /// <exception cref="ArgumentException">The SQLite connection string cannot be parsed.</exception>
    public static string? SqliteFilePath(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != StorageProvider.Sqlite)
        {
            return null;
        }

        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(options.ConnectionString) ? StorageOptions.DefaultSqliteConnectionString : options.ConnectionString);
        return SqliteConnectionFactory.IsFileDatabase(builder) && !string.IsNullOrWhiteSpace(builder.DataSource) ? Path.GetFullPath(builder.DataSource) : null;
    }

    private static SqliteConnectionFactory CreateSqlite(string? configured)
    {
        var connectionString = string.IsNullOrWhiteSpace(configured) ? StorageOptions.DefaultSqliteConnectionString : configured;
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new StorageException($"Storage:ConnectionString is not a valid SQLite connection string: {ex.Message}", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new StorageException("Storage:ConnectionString for SQLite needs a 'Data Source' (a file path, e.g. data/telephony.db).");
        }

        EnsureDirectoryExists(builder);
        return new SqliteConnectionFactory(builder.ToString());
    }

    // SQLite creates the file but not its directory: a fresh checkout has no ./data/ yet.
    private static void EnsureDirectoryExists(SqliteConnectionStringBuilder builder)
    {
        if (!SqliteConnectionFactory.IsFileDatabase(builder))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    private static PostgresConnectionFactory CreatePostgres(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StorageException(
                "Storage:Provider is Postgres but Storage:ConnectionString is empty; set it, e.g. \"Host=db;Port=5432;Username=telephony;Password=...;Database=telephony\".");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            // The message of the parser never echoes a password: it names the faulty keyword only.
            throw new StorageException($"Storage:ConnectionString is not a valid PostgreSQL connection string: {ex.Message}", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new StorageException("Storage:ConnectionString for PostgreSQL needs a Host.");
        }

        return new PostgresConnectionFactory(builder.ConnectionString);
    }
}
