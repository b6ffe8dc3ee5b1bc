using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Data.Sqlite;
using Telephony.Grains.Abstractions;
using Telephony.Storage;
using Telephony.Storage.Orleans;

namespace Telephony.Bench.Dispatch;

/// <summary>
/// One silo in this process, as a single node runs it (system clock; clustering and grain storage "Default" on a
/// fresh SQLite file, or in memory with <c>--memory-storage</c>), with the agents and queues of the bench: agent i
/// serves queue i mod Q at level 1 and the next queue at level 2. With <c>--silos 2</c>, a second silo of the same
/// cluster beside it (DispatchSilo.Cluster.cs).
/// </summary>
internal sealed partial class DispatchSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string? _directory;

    private DispatchSilo(IHost host, CallCounter? counter, string? directory) => (_host, Counter, _directory) = (host, counter, directory);

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Counts the grain calls by method, with <c>--count-calls</c>.</summary>
    public CallCounter? Counter { get; }

    public static async Task<DispatchSilo> StartAsync(BenchOptions options)
    {
        var counter = options.CountCalls ? new CallCounter() : null;
        // Free ports: other programs on this machine may hold Orleans' defaults.
        var siloPort = FreePort();
        var directory = options.MemoryStorage ? null : Directory.CreateTempSubdirectory("dispatch-bench-").FullName;
        var host = BuildHost(siloPort, FreePort(), primary: null, directory, counter);
        await host.StartAsync();
        var silo = new DispatchSilo(host, counter, directory);
        await silo.AddPeersAsync(options.Silos - 1, siloPort);
        return silo;
    }

    private static IHost BuildHost(int siloPort, int gatewayPort, IPEndPoint? primary, string? directory, CallCounter? counter)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Not about dispatch: the silo's advice on server GC, and a watchdog whose first check counts from boot.
        builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.UseOrleans(silo =>
        {
            if (directory is null)
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, primary).AddMemoryGrainStorage(TelephonyGrainStorage.Default);
            }
            else
            {
                var storage = new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(directory, "telephony.db")}" };
                silo.UseTelephonyStorage(storage, new TelephonySiloOptions { ClusterId = "bench", ServiceId = "bench", SiloPort = siloPort, GatewayPort = gatewayPort });
            }
        });
        if (counter is not null)
        {
            builder.Services.AddSingleton<IOutgoingGrainCallFilter>(counter);
        }

        return builder.Build();
    }

    public static string QueueId(int index) => $"bench.q{index:00}";

    public static string AgentId(int index) => $"agent-{index:0000}";

    /// <summary>Configures the agents with a registered phone, logged in to their two queues and paused.</summary>
    public async Task<IAgentGrain[]> AgentsAsync(int agents, int queues)
    {
        var grains = new IAgentGrain[agents];
        await Parallel.ForEachAsync(Enumerable.Range(0, agents), async (i, _) =>
        {
            var agent = Grains.GetGrain<IAgentGrain>(AgentId(i));
            AgentSkill[] skills = queues > 1
                ? [new AgentSkill(QueueId(i % queues), 1), new AgentSkill(QueueId((i + 1) % queues), 2)]
                : [new AgentSkill(QueueId(0), 1)];
            await agent.Configure(new AgentProfile(AgentId(i), $"Agent {i}", $"{1000 + i}", skills, Enabled: true));
            await agent.SetPhoneRegistered(true);
            await agent.LogIn(null);
            await agent.Pause("formation");
            grains[i] = agent;
        });
        return grains;
    }

    public async ValueTask DisposeAsync()
    {
        await StopPeersAsync();
        await _host.StopAsync();
        _host.Dispose();
        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
