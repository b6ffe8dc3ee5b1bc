using System.Text;
using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;
using Telephony.Storage;

namespace Telephony.Server.Admin;

/// <summary>
/// How agents and queues read in the admin API: camelCase fields, states and statuses in snake_case as the metrics and
/// pause reasons write them. Never a password nor a hash; never what the caller told the IVR.
/// </summary>
public static class AgentResponses
{
    public static object Agent(StoredAgent agent, AgentState? state) => new
    {
        id = agent.Id,
        displayName = agent.DisplayName,
        sipUsername = agent.SipUsername,
        enabled = agent.Enabled,
        skills = agent.Skills.Select(s => new { queue = s.QueueId, level = s.Level }),
        createdAt = agent.CreatedAt,
        updatedAt = agent.UpdatedAt,
        state = State(state),
    };

    public static object Agent(AgentView view) => Agent(view.Agent, view.State);

    /// <summary>Null when the agent's grain could not be reached.</summary>
    public static object? State(AgentState? state) => state is null ? null : new
    {
        status = SnakeCase(state.Status.ToString()),
        pauseReason = state.PauseReason,
        since = state.Since,
        deadline = state.Deadline,
        registered = state.PhoneRegistered,
        loggedInQueues = state.LoggedInQueues,
        lastLogoutReason = state.LastLogoutReason,
        currentQueue = state.Call?.QueueId,
    };

    public static object Queue(QueueStats stats) => new
    {
        id = stats.QueueId,
        waiting = stats.Waiting,
        longestWaitSeconds = Math.Round(stats.LongestWait.TotalSeconds, 1),
        estimatedWaitSeconds = Math.Round(stats.EstimatedWait.TotalSeconds, 1),
        averageHandleSeconds = stats.AverageHandleTime is { } handle ? Math.Round(handle.TotalSeconds, 1) : (double?)null,
        // Every state an agent logged in to the queue can be in, zeros included, so a wallboard need not guess.
        agentsByState = Enum.GetValues<AgentStatus>().Where(s => s != AgentStatus.LoggedOut)
            .ToDictionary(s => SnakeCase(s.ToString()), s => stats.AgentsByStatus.GetValueOrDefault(s)),
    };

    public static IResult NotFound(string what) => Results.Json(new { error = what }, statusCode: StatusCodes.Status404NotFound);

    /// <summary>A command the agent's state forbids: 409 with the grain's reason and the state, unchanged.</summary>
    public static IResult Refused(string reason, AgentState? state) =>
        Results.Json(new { error = reason, state = State(state) }, statusCode: StatusCodes.Status409Conflict);

    public static IResult Unavailable(string what) => Results.Json(new { error = what }, statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>"WrapUp" becomes "wrap_up".</summary>
    public static string SnakeCase(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
