using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService;
using Orleans.Storage;
using Telephony.Storage.Orleans.Sqlite;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests.Orleans;

/// <summary>Which providers the silo actually runs on each database (the behaviour tests would also pass on in-memory ones).</summary>
public abstract class ProviderWiringBehaviour<TSilo> : IClassFixture<TSilo>
    where TSilo : ProviderSiloFixture
{
    private readonly TSilo _silo;

    protected ProviderWiringBehaviour(TSilo silo)
    {
        _silo = silo;
    }

    protected abstract Type GrainStorageType { get; }

    protected abstract string ReminderTableTypeName { get; }

    protected abstract bool UsesAdoNetClustering { get; }

    [ProviderFact]
    public void The_default_grain_storage_reminder_table_and_membership_table_are_the_ones_for_this_database()
    {
        Assert.IsType(GrainStorageType, _silo.GrainStorage);
        Assert.Equal(ReminderTableTypeName, _silo.Reminders.GetType().Name);
        var membership = _silo.Services.GetService<IMembershipTable>();
        Assert.Equal(UsesAdoNetClustering, membership is AdoNetClusteringTable);
    }
}

public sealed class SqliteProviderWiringTests(SqliteProviderSilo silo) : ProviderWiringBehaviour<SqliteProviderSilo>(silo)
{
    protected override Type GrainStorageType => typeof(SqliteGrainStorage);

    protected override string ReminderTableTypeName => nameof(SqliteReminderTable);

    protected override bool UsesAdoNetClustering => false;
}

public sealed class PostgresProviderWiringTests(PostgresProviderSilo silo) : ProviderWiringBehaviour<PostgresProviderSilo>(silo), IRunsOnPostgres
{
    protected override Type GrainStorageType => typeof(AdoNetGrainStorage);

    // The ADO.NET reminder table is internal to its package.
    protected override string ReminderTableTypeName => "AdoNetReminderTable";

    protected override bool UsesAdoNetClustering => true;
}
