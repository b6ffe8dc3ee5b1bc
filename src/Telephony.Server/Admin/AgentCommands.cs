using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;
using Telephony.Storage;

namespace Telephony.Server.Admin;

/// <summary>What became of a command sent to an agent's grain: its answer, or why there is none.</summary>
/// <param name="Result">The grain's answer; null when the grain could not be reached.</param>
/// <param name="Failure">Why the grain could not be reached (nothing was changed).</param>
public sealed record AgentCommandOutcome(AgentCommandResult? Result, Exception? Failure)
{
    /// <summary>The grain still has no profile after being given one: the agent is unknown to it (404).</summary>
    public bool UnknownAgent => Result is { Accepted: false, Refusal: AgentRefusals.NotConfigured };
}

/// <summary>
/// Sends a command to an agent's grain the way the admin API and the agent console both need: a grain that lost or
/// never got the agent's profile is given it from the database (the source of truth) and the command tried once more;
/// an unreachable grain is logged and reported, never thrown.
/// </summary>
public static class AgentCommands
{
    public static async Task<AgentCommandOutcome> RunAsync(StoredAgent agent, AgentAdministration administration, ILogger logger, Func<Task<AgentCommandResult>> command)
    {
        try
        {
            var result = await command();
            if (result.Refusal == AgentRefusals.NotConfigured && await administration.ConfigureAsync(agent) is not null)
            {
                result = await command();
            }

            return new AgentCommandOutcome(result, null);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Command for agent {AgentId} failed", agent.Id);
            return new AgentCommandOutcome(null, error);
        }
    }
}
