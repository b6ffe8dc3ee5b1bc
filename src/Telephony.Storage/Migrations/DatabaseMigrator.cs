using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Telephony.Storage.Connections;
using Telephony.Storage.Migrations;

namespace Telephony.Storage;

/// <summary>
/// Brings the database schema up to date: applies, in version order, each migration not yet recorded
/// in <c>schema_migrations</c>, each in its own transaction. Safe to run on every start and from
/// several nodes at once.
/// </summary>
public sealed class DatabaseMigrator
{
    // Arbitrary constant shared by every node: the PostgreSQL advisory lock that serialises migrators.
    private const long PostgresMigrationLockKey = 0x54_454C_4550_484F; // "TELEPHO"

    private readonly IDbConnectionFactory _factory;
    private readonly ILogger<DatabaseMigrator> _logger;
    private readonly IReadOnlyList<Migration> _migrations;

    public DatabaseMigrator(IDbConnectionFactory factory, ILogger<DatabaseMigrator> logger)
        : this(factory, logger, upToVersion: int.MaxValue)
    {
    }

    /// <summary>Stops at <paramref name="upToVersion"/>: how tests build the schema an older release left behind.</summary>
    internal DatabaseMigrator(IDbConnectionFactory factory, ILogger<DatabaseMigrator> logger, int upToVersion)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(logger);
        _factory = factory;
        _logger = logger;
        _migrations = MigrationsFor(factory.Provider).Where(m => m.Version <= upToVersion).OrderBy(m => m.Version).ToList();
    }

    internal static IReadOnlyList<Migration> MigrationsFor(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => SqliteMigrations.All,
        StorageProvider.Postgres => PostgresMigrations.All,
        _ => throw new StorageException($"Unknown storage provider '{provider}'."),
    };

    /// <exception cref="StorageException">A migration failed; it was rolled back and later ones were not tried.</exception>
    public async Task MigrateAsync(CancellationToken ct)
    {
        var dialect = SqlDialect.For(_factory.Provider);
        var migrations = _migrations.ToList();

        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        var isPostgres = _factory.Provider == StorageProvider.Postgres;
        if (isPostgres)
        {
            // Session-level lock: a second node waits here until the first has finished, then finds
            // nothing left to do. It is released below, or by the server if this connection dies.
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@Key)", new { Key = PostgresMigrationLockKey }, cancellationToken: ct)).ConfigureAwait(false);
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition(dialect.CreateMigrationTableSql, cancellationToken: ct)).ConfigureAwait(false);
            var applied = 0;
            foreach (var migration in migrations)
            {
                if (await ApplyIfPendingAsync(connection, dialect, migration, ct).ConfigureAwait(false))
                {
                    applied++;
                }
            }

            await WarnIfDatabaseIsNewerAsync(connection, migrations, ct).ConfigureAwait(false);
            _logger.LogInformation("Database schema ({Provider}) up to date: {Applied} migration(s) applied now, latest version {Version}.",
                _factory.Provider, applied, migrations.Count == 0 ? 0 : migrations[^1].Version);
        }
        finally
        {
            if (isPostgres)
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@Key)", new { Key = PostgresMigrationLockKey }, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> ApplyIfPendingAsync(DbConnection connection, SqlDialect dialect, Migration migration, CancellationToken ct)
    {
        // On SQLite this is BEGIN IMMEDIATE (write lock taken now), so the "already applied?" check
        // below and the migration cannot interleave with another process doing the same.
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var alreadyApplied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", new { migration.Version }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        if (alreadyApplied > 0)
        {
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            return false;
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: ct)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = dialect.ToDbTimestamp(DateTimeOffset.UtcNow) },
                transaction,
                cancellationToken: ct)).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw new StorageException($"Migration {migration.Version} ({migration.Name}) failed and was rolled back: {ex.Message}", ex);
        }

        _logger.LogInformation("Applied migration {Version} ({Name}).", migration.Version, migration.Name);
        return true;
    }

    private async Task WarnIfDatabaseIsNewerAsync(DbConnection connection, List<Migration> migrations, CancellationToken ct)
    {
        var known = migrations.Select(m => m.Version).ToHashSet();
        var recorded = await connection.QueryAsync<int>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: ct)).ConfigureAwait(false);
        var unknown = recorded.Where(v => !known.Contains(v)).Order().ToList();
        if (unknown.Count > 0)
        {
            // A newer node already upgraded the schema during a rolling deploy: keep going, but say so.
            _logger.LogWarning("Database has migration(s) {Versions} unknown to this build; it was upgraded by a newer version.", string.Join(", ", unknown));
        }
    }
}
