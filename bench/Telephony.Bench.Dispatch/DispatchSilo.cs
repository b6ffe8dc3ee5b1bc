using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Telephony.Grains.Abstractions;

namespace Telephony.Bench.Dispatch;

/// <summary>
/// One silo in this process, as the server runs it (system clock, grain storage "Default" in memory), with the
/// agents and queues of the bench: agent i serves queue i mod Q at level 1 and the next queue at level 2. With
/// <c>--silos 2</c>, a second silo of the same cluster beside it (DispatchSilo.Cluster.cs).
/// </summary>
internal sealed partial class DispatchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private DispatchSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<DispatchSilo> StartAsync(int silos = 1)
    {
        // Free ports: other programs on this machine may hold Orleans' defaults.
        var siloPort = FreePort();
        var host = BuildHost(siloPort, FreePort(), primary: null);
        await host.StartAsync();
        var silo = new DispatchSilo(host);
        await silo.AddPeersAsync(silos - 1, siloPort);
        return silo;
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
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
