using Telephony.Calls;
using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;

namespace Telephony.Server.Admin;

/// <summary>
/// <c>GET /admin/cluster</c>: the node answering, every node Orleans' membership knows with its status, and where each
/// queue's grain runs now (the node whose death empties the queue until its callers re-join).
/// </summary>
public static class ClusterEndpoints
{
    public static RouteGroupBuilder MapClusterEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/cluster", async (ClusterNode node, IGrainFactory grains, ILineScripts scripts) =>
        {
            var management = grains.GetGrain<IManagementGrain>(0);
            var silos = await management.GetHosts(onlyActive: false);
            var queues = new List<object>();
            foreach (var queue in ScriptQueues.Of(scripts.Current))
            {
                var host = await management.GetActivationAddress(grains.GetGrain<IQueueGrain>(queue));
                queues.Add(new { id = queue, node = host?.ToString() });
            }

            return Results.Ok(new
            {
                node = node.Id,
                nodes = silos.OrderBy(s => s.Key.ToString(), StringComparer.Ordinal).Select(s => new { node = s.Key.ToString(), status = s.Value.ToString() }),
                queues,
            });
        });
        return admin;
    }
}
