using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;
using Telephony.Storage;
using Telephony.Storage.Orleans;

namespace Telephony.Bench.Storage;

/// <summary>The two measured operations: adding a call record, and writing a grain's state through the "Default" storage.</summary>
internal static class StorageLoads
{
    public static async Task<StepResult> CallRecordsAsync(StorageOptions storage, int workers, TimeSpan duration)
    {
        var repository = new CallRecordRepository(StorageFactory.CreateConnectionFactory(storage));
        var run = Guid.NewGuid().ToString("N")[..8];
        return await Throughput.RunAsync(workers, duration, (worker, i) => repository.AddAsync(BenchCalls.Record(run, worker, i), CancellationToken.None));
    }

    /// <summary>
    /// One grain per worker, each writing its own state again and again with the etag of its previous write, as an
    /// activation does; the storage is the one a silo wired by UseTelephonyStorage resolves.
    /// </summary>
    public static async Task<StepResult> GrainStateAsync(IGrainStorage storage, int workers, TimeSpan duration)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var states = Enumerable.Range(0, workers).Select(_ => new GrainState<BenchState>
        {
            State = new BenchState { Waiting = ["call-a@127.0.0.1", "call-b@127.0.0.1", "call-c@127.0.0.1"] },
        }).ToArray();
        var grains = Enumerable.Range(0, workers).Select(w => GrainId.Create("bench-queue", $"{run}-{w}")).ToArray();
        return await Throughput.RunAsync(workers, duration, (worker, i) =>
        {
            var state = states[worker];
            state.State!.Served = i;
            state.State.UpdatedAt = DateTimeOffset.UtcNow;
            return storage.WriteStateAsync("queue", grains[worker], state);
        });
    }

    public static async Task<IHost> StartSiloAsync(StorageOptions storage)
    {
        var cluster = new TelephonySiloOptions
        {
            ClusterId = "bench",
            ServiceId = "bench",
            SiloPort = FreePort(),
            GatewayPort = FreePort(),
            AdvertisedAddress = "127.0.0.1",
        };
        var host = new HostBuilder().UseOrleans(silo => silo.UseTelephonyStorage(storage, cluster)).Build();
        await host.StartAsync();
        return host;
    }

    public static IGrainStorage DefaultStorage(IHost silo) =>
        silo.Services.GetRequiredKeyedService<IGrainStorage>(TelephonyGrainStorage.Default);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
