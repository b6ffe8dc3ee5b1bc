using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Telephony.Storage.Orleans;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests.Orleans;

/// <summary>
/// One fresh database and one running silo per test class; the tests use the providers the silo resolved, so what
/// they test is the wiring the server uses. The silo itself migrates the empty database on start.
/// </summary>
public abstract class ProviderSiloFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private TestSilo? _silo;

    protected abstract StorageProvider Provider { get; }

    public IGrainStorage GrainStorage => Services.GetRequiredKeyedService<IGrainStorage>(TelephonyGrainStorage.Default);

    public IReminderTable Reminders => Services.GetRequiredService<IReminderTable>();

    internal IServiceProvider Services => _silo?.Services
        ?? throw new InvalidOperationException($"No silo was started for {Provider}: {PostgresEnvironment.SkipReason}");

    public async Task InitializeAsync()
    {
        if (Provider == StorageProvider.Postgres && PostgresEnvironment.ConnectionString is null)
        {
            return; // Every test of the class is reported skipped; there is nothing to start.
        }

        _database = await TestDatabase.CreateAsync(Provider);
        _silo = await TestSilo.StartAsync(_database.Options);
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqliteProviderSilo : ProviderSiloFixture
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresProviderSilo : ProviderSiloFixture
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
