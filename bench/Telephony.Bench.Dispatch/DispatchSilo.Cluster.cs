using System.Net;
using Microsoft.Extensions.Hosting;

namespace Telephony.Bench.Dispatch;

/// <summary>
/// Several silos of one cluster in this process (localhost clustering, the first silo the primary): the grains spread
/// over them, so a dispatch's dozen grain messages partly cross from silo to silo (serialised, over loopback TCP), as
/// between the nodes of a real cluster. The in-memory grain storage is itself a grain, shared by the silos.
/// </summary>
internal sealed partial class DispatchSilo
{
    private readonly List<IHost> _peers = [];

    /// <summary>How many activations of each kind every silo holds, for the report.</summary>
    public async Task<string> PlacementAsync()
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return string.Join("; ", statistics
            .Where(s => s.GrainType.Contains("AgentGrain", StringComparison.Ordinal) || s.GrainType.Contains("QueueGrain", StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress)
            .OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
            .Select(g => $"{g.Key}: " + string.Join(", ", g.Select(s => $"{s.ActivationCount} {ShortName(s.GrainType)}"))));
    }

    // "Telephony.Grains.Queues.QueueGrain,Telephony.Grains" -> "QueueGrain".
    private static string ShortName(string grainType)
    {
        var type = grainType.Split(',')[0];
        return type[(type.LastIndexOf('.') + 1)..];
    }

    private async Task AddPeersAsync(int count, int primaryPort)
    {
        for (var i = 0; i < count; i++)
        {
            var peer = BuildHost(FreePort(), FreePort(), new IPEndPoint(IPAddress.Loopback, primaryPort), directory: null, Counter);
            await peer.StartAsync();
            _peers.Add(peer);
        }
    }

    private async Task StopPeersAsync()
    {
        foreach (var peer in _peers)
        {
            await peer.StopAsync();
            peer.Dispose();
        }
    }
}
