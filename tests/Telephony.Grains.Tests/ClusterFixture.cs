using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Telephony.Grains.Tests;

/// <summary>
/// One in-process Orleans test cluster shared by the grain tests (starting one costs seconds). The grains run on a
/// fake clock (<see cref="Clock"/>): their deadlines and leases move only when a test advances it, while Orleans'
/// own maintenance stays on real time.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The grains' clock, shared by every test of the collection (they run one at a time).</summary>
    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public TestCluster Cluster { get; } = BuildCluster();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private static TestCluster BuildCluster()
    {
        var builder = new TestClusterBuilder { Options = { InitialSilosCount = 1 } };
        builder.AddSiloBuilderConfigurator<FakeClockSilo>();
        return builder.Build();
    }

    private sealed class FakeClockSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage("Default");
            // The phone registration grain keeps a reminder while it holds bindings.
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Services.AddSingleton<TimeProvider>(Clock);
            siloBuilder.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "orleans-cluster";
}
