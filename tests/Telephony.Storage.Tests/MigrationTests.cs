using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

public sealed class MigrationTests
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Migrating_an_empty_database_creates_the_call_records_table_and_records_every_version(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        await database.MigrateAsync();

        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        var expected = DatabaseMigrator.MigrationsFor(provider).Select(m => m.Version).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, versions);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM call_records"));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Migrating_twice_changes_nothing_and_keeps_existing_rows(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);
        await repository.AddAsync(CallRecordSamples.Answered("kept-across-migrations"), CancellationToken.None);

        await database.MigrateAsync();

        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        var ledgerRows = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations");
        Assert.Equal(DatabaseMigrator.MigrationsFor(provider).Count, ledgerRows);
        Assert.NotNull(await repository.FindByCallIdAsync("kept-across-migrations", CancellationToken.None));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Migrating_an_empty_database_creates_the_tables_of_the_Orleans_providers(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        await database.MigrateAsync();

        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        foreach (var table in OrleansTables(provider))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
        }
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Migrating_from_the_previous_schema_version_adds_the_Orleans_tables_and_keeps_existing_rows(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await new DatabaseMigrator(database.Factory, NullLogger<DatabaseMigrator>.Instance, PreviousSchemaVersion).MigrateAsync(CancellationToken.None);
        var repository = new CallRecordRepository(database.Factory);
        await using (var before = await database.Factory.OpenAsync(CancellationToken.None))
        {
            await LegacyRows.InsertCallRecordAsync(before, provider, CallRecordSamples.Answered("before-the-upgrade"));
            Assert.Equal(PreviousSchemaVersion, await before.ExecuteScalarAsync<int>("SELECT MAX(version) FROM schema_migrations"));
            await Assert.ThrowsAnyAsync<DbException>(() => before.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {OrleansTables(provider)[0]}"));
        }

        await database.MigrateAsync();

        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(DatabaseMigrator.MigrationsFor(provider).Select(m => m.Version).Order(), versions);
        Assert.NotNull(await repository.FindByCallIdAsync("before-the-upgrade", CancellationToken.None));
        foreach (var table in OrleansTables(provider))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
        }
    }

    [PostgresFact]
    public async Task Several_nodes_migrating_the_same_PostgreSQL_database_at_once_all_succeed()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        await AssertConcurrentMigrationsSucceedAsync(database, StorageProvider.Postgres);
    }

    [Fact]
    public async Task Several_processes_migrating_the_same_SQLite_file_at_once_all_succeed()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await AssertConcurrentMigrationsSucceedAsync(database, StorageProvider.Sqlite);
    }

    [Fact]
    public async Task SQLite_database_runs_in_WAL_mode_with_a_busy_timeout()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await database.MigrateAsync();

        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.True(await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout") > 0);
    }

    // The schema on main before the Orleans providers: call records, line overrides, callback requests.
    // (OrleansQuery, the other Orleans table on PostgreSQL, is checked row by row in PostgresStoredQueriesTests.)
    private const int PreviousSchemaVersion = 3;

    private static string[] OrleansTables(StorageProvider provider) => provider == StorageProvider.Postgres
        ? ["OrleansMembershipTable", "OrleansMembershipVersionTable", "OrleansRemindersTable", "OrleansStorage"]
        : ["orleans_grain_state", "orleans_reminders"];

    private static async Task AssertConcurrentMigrationsSucceedAsync(TestDatabase database, StorageProvider provider)
    {
        const int nodes = 4;
        // Each "node" has its own factory, as separate processes would.
        var migrations = Enumerable.Range(0, nodes).Select(_ => Task.Run(() =>
            new DatabaseMigrator(StorageFactory.CreateConnectionFactory(database.Options), NullLogger<DatabaseMigrator>.Instance)
                .MigrateAsync(CancellationToken.None)));

        await Task.WhenAll(migrations);

        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(DatabaseMigrator.MigrationsFor(provider).Select(m => m.Version).Order(), versions);
    }
}
