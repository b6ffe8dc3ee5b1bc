using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;
using Telephony.Storage.Orleans;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests.Orleans;

/// <summary>
/// The membership protocol against our PostgreSQL queries, through the ADO.NET clustering table itself: optimistic
/// versioning of inserts and updates, liveness, gateways and the clean-up of dead silos. (SQLite runs localhost
/// clustering, which keeps membership in memory.)
/// </summary>
public sealed class PostgresMembershipTableTests
{
    private const string ClusterId = "membership-tests";
    private static readonly DateTime Now = new(2026, 12, 3, 18, 0, 0, 250, DateTimeKind.Utc);

    [PostgresFact]
    public async Task Silos_join_change_status_and_leave_under_the_table_version_and_dead_ones_are_cleaned_up()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        await database.MigrateAsync();
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = ClusterId, ServiceId = "membership-tests" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = TelephonyStorageSiloBuilderExtensions.NpgsqlInvariant, ConnectionString = database.Options.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true); // A second node initialising finds the version row.

        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Members);

        var first = Silo(11111, SiloStatus.Joining);
        var second = Silo(11112, SiloStatus.Joining);
        Assert.True(await table.InsertRowAsync(first, empty.Version.Next()));
        Assert.False(await table.InsertRowAsync(second, empty.Version.Next())); // Stale table version: refused, nothing written.
        var one = await table.ReadAllAsync();
        Assert.Equal(empty.Version.Version + 1, one.Version.Version);
        Assert.Single(one.Members);
        Assert.True(await table.InsertRowAsync(second, one.Version.Next()));
        Assert.False(await table.InsertRowAsync(second, (await table.ReadAllAsync()).Version.Next())); // Already a member.

        var two = await table.ReadAllAsync();
        first.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRowAsync(first, two.Members[0].Item2, two.Version.Next()));
        Assert.False(await table.UpdateRowAsync(first, two.Members[0].Item2, two.Version.Next()));

        first.IAmAliveTime = Now.AddMinutes(1);
        await table.UpdateIAmAliveAsync(first);
        var read = Assert.Single((await table.ReadRowAsync(first.SiloAddress)).Members).Item1;
        Assert.Equal(SiloStatus.Active, read.Status);
        Assert.Equal("silo-11111", read.SiloName);
        Assert.Equal(first.IAmAliveTime, read.IAmAliveTime);
        Assert.Equal(first.StartTime, read.StartTime);
        Assert.Empty((await table.ReadRowAsync(Silo(11999, SiloStatus.Active).SiloAddress)).Members);

        // Only the active silo with a gateway port is offered to clients, at that port.
        var gateway = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, first.ProxyPort), first.SiloAddress.Generation);
        Assert.Equal([gateway.ToGatewayUri()], await GatewaysAsync(database.Options.ConnectionString!));

        // The second silo dies, suspected by the first an hour before the clean-up's cut-off.
        var current = await table.ReadAllAsync();
        second.Status = SiloStatus.Dead;
        second.SuspectTimes = [Tuple.Create(first.SiloAddress, Now.AddHours(-2))];
        var secondETag = current.Members.Single(m => m.Item1.SiloAddress.Equals(second.SiloAddress)).Item2;
        Assert.True(await table.UpdateRowAsync(second, secondETag, current.Version.Next()));
        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Now.AddHours(-1)));
        var remaining = await table.ReadAllAsync();
        Assert.Equal([first.SiloAddress], remaining.Members.Select(m => m.Item1.SiloAddress));

        await table.DeleteMembershipTableEntriesAsync(ClusterId);
        await Assert.ThrowsAnyAsync<Exception>(() => table.ReadAllAsync()); // Not even the version row is left.
    }

    private static async Task<IList<Uri>> GatewaysAsync(string connectionString)
    {
        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = TelephonyStorageSiloBuilderExtensions.NpgsqlInvariant, ConnectionString = connectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = ClusterId }));
        await gateways.InitializeGatewayListProvider();
        return await gateways.GetGateways();
    }

    private static MembershipEntry Silo(int port, SiloStatus status) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 42),
        SiloName = $"silo-{port}",
        HostName = "node-a",
        Status = status,
        ProxyPort = port == 11111 ? 30000 : 0,
        StartTime = Now.AddHours(-3),
        IAmAliveTime = Now.AddHours(-3),
    };
}
