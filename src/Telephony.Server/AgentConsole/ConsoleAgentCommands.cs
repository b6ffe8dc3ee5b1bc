using Microsoft.Extensions.Options;
using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;
using Telephony.Server.Admin;
using Telephony.Server.Configuration;

namespace Telephony.Server.AgentConsole;

/// <summary>Body of <c>POST /agent/pause</c>.</summary>
public sealed class ConsolePauseBody
{
    public string? Reason { get; set; }
}

/// <summary>
/// The agent's own commands (Prêt, Pause, Fin de traitement) and state, always on the session's agent: no route
/// names an agent, so none can reach another's. The grain decides; a refusal is a 409 with its reason in words and
/// the state as it still is.
/// </summary>
public static class ConsoleAgentCommands
{
    public static async Task<IResult> StateAsync(HttpContext http, AgentAdministration administration, IOptions<AgentSettings> settings)
    {
        var caller = ConsoleCaller.Of(http);
        var state = await administration.StateOfAsync(caller.Agent.Id);
        return state is null ? ConsoleRequests.Unavailable() : Results.Ok(ConsoleSnapshot.Of(caller.Agent, state, ConsolePauseReasons.Of(settings.Value)));
    }

    /// <summary>Prêt: out of a pause or a wrap-up; from "hors file", logs in to all the agent's queues first.</summary>
    public static async Task<IResult> ReadyAsync(HttpContext http, ICallCentreGrains grains, AgentAdministration administration, ILoggerFactory logs)
    {
        var id = ConsoleCaller.Of(http).Agent.Id;
        return await RunAsync(http, administration, logs, "ready", async () =>
        {
            var current = await grains.GetStateAsync(id);
            if (current.Status != AgentStatus.LoggedOut)
            {
                return await grains.SetReadyAsync(id);
            }

            // Logging in leaves an agent who was paused when last logged out paused: Prêt means ready.
            var login = await grains.LogInAsync(id, null);
            return login.Accepted && login.State.Status == AgentStatus.Paused ? await grains.SetReadyAsync(id) : login;
        });
    }

    public static async Task<IResult> PauseAsync(HttpContext http, ICallCentreGrains grains, AgentAdministration administration, IOptions<AgentSettings> settings, ILoggerFactory logs)
    {
        var (body, readError) = await AdminJson.ReadAsync<ConsolePauseBody>(http.Request, http.RequestAborted);
        if (readError is not null)
        {
            return AdminJson.BadRequest(readError);
        }

        var reasons = ConsolePauseReasons.Of(settings.Value);
        var reason = body!.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || !reasons.Any(r => r.Code == reason))
        {
            return AdminJson.BadRequest(new FieldError("reason", $"must be one of the console's pause reasons ({string.Join(", ", reasons.Select(r => r.Code))})"));
        }

        var id = ConsoleCaller.Of(http).Agent.Id;
        return await RunAsync(http, administration, logs, $"pause ({reason})", () => grains.PauseAsync(id, reason));
    }

    public static async Task<IResult> EndWrapUpAsync(HttpContext http, ICallCentreGrains grains, AgentAdministration administration, ILoggerFactory logs)
    {
        var id = ConsoleCaller.Of(http).Agent.Id;
        return await RunAsync(http, administration, logs, "end of wrap-up", () => grains.EndWrapUpAsync(id));
    }

    private static async Task<IResult> RunAsync(HttpContext http, AgentAdministration administration, ILoggerFactory logs, string what, Func<Task<AgentCommandResult>> command)
    {
        var agent = ConsoleCaller.Of(http).Agent;
        var logger = logs.CreateLogger(typeof(ConsoleAgentCommands).FullName!);
        var outcome = await AgentCommands.RunAsync(agent, administration, logger, command);
        if (outcome.Result is not { } result)
        {
            return ConsoleRequests.Unavailable();
        }

        logger.LogInformation("Agent {AgentId} from the console: {Command} {Answer}", agent.Id, what, result.Accepted ? "done" : $"refused ({result.Refusal})");
        return result.Accepted ? Results.Ok(ConsoleStateView.Of(result.State))
            : outcome.UnknownAgent ? ConsoleRequests.Error(StatusCodes.Status404NotFound, "unknown_agent", "Votre compte d'agent est inconnu du service : contactez votre superviseur.")
            : ConsoleRequests.Error(StatusCodes.Status409Conflict, result.Refusal ?? "refused", ConsoleWords.Refusal(result.Refusal ?? ""), ConsoleStateView.Of(result.State));
    }
}
