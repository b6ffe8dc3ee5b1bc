using Telephony.Calls;
using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;

namespace Telephony.Server.Admin;

/// <summary><c>/admin/queues</c>: every queue the IVR scripts send callers to, live (waiting calls, longest wait, agents by state).</summary>
public static class QueueEndpoints
{
    public static RouteGroupBuilder MapQueueEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/queues", async (ILineScripts scripts, ICallCentreGrains grains, ILoggerFactory logs) =>
        {
            var queues = ScriptQueues.Of(scripts.Current).ToList();
            var stats = await Task.WhenAll(queues.Select(q => StatsOfAsync(q, grains, logs)));
            return Results.Ok(queues.Select((q, i) => stats[i] is { } live ? AgentResponses.Queue(live) : new { id = q, error = "unavailable" }));
        });

        admin.MapGet("/queues/{id}", async (string id, ILineScripts scripts, ICallCentreGrains grains, ILoggerFactory logs) =>
            !ScriptQueues.Of(scripts.Current).Contains(id) ? AgentResponses.NotFound($"No IVR script sends callers to a queue '{id}'.")
            : await StatsOfAsync(id, grains, logs) is { } live ? Results.Ok(AgentResponses.Queue(live))
            : AgentResponses.Unavailable($"Queue {id}: its state could not be reached."));
        return admin;
    }

    private static async Task<QueueStats?> StatsOfAsync(string queueId, ICallCentreGrains grains, ILoggerFactory logs)
    {
        try
        {
            return await grains.GetQueueStatsAsync(queueId);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logs.CreateLogger(typeof(QueueEndpoints).FullName!).LogWarning(error, "Statistics of queue {Queue} unavailable", queueId);
            return null;
        }
    }
}
