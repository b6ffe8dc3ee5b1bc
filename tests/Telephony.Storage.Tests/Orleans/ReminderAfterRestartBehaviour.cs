using Microsoft.Extensions.DependencyInjection;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests.Orleans;

/// <summary>Reminders and grain state outlive the silo: a new silo on the same database picks them up.</summary>
public abstract class ReminderAfterRestartBehaviour
{
    protected abstract StorageProvider Provider { get; }

    [ProviderFact]
    public async Task A_reminder_registered_before_a_restart_fires_on_the_next_silo_with_the_state_written_before()
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        var grainKey = "queue-" + Guid.NewGuid().ToString("N");

        var first = await TestSilo.StartAsync(database.Options, WithProbe(new WakeUpProbe()));
        // Due well after the first silo is gone; a short period so that a late second silo still sees a tick soon.
        await first.Grains.GetGrain<IWakeUpGrain>(grainKey).ScheduleAsync("registered before the restart", TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(2));
        await first.DisposeAsync();

        var probe = new WakeUpProbe();
        await using var second = await TestSilo.StartAsync(database.Options, WithProbe(probe));
        var tick = await probe.WaitForTickAsync(grainKey, TimeSpan.FromSeconds(60));

        Assert.Equal("registered before the restart", tick.Note);
        Assert.True(tick.Ticks >= 1);
    }

    private static Action<ISiloBuilder> WithProbe(WakeUpProbe probe) => silo =>
    {
        // The default minimum period (1 minute) would make the test wait that long for a tick.
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        silo.Services.AddSingleton(probe);
    };
}

public sealed class SqliteReminderAfterRestartTests : ReminderAfterRestartBehaviour
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresReminderAfterRestartTests : ReminderAfterRestartBehaviour, IRunsOnPostgres
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
