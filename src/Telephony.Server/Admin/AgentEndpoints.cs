using Microsoft.Extensions.Options;
using Telephony.Calls;
using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;
using Telephony.Server.Configuration;
using Telephony.Storage;

namespace Telephony.Server.Admin;

/// <summary>
/// <c>/admin/agents</c>: agents created, changed, disabled and listed with their live state, and the supervisors'
/// commands (forced log-out, ready or paused, log in or out of one queue). Mapped on the admin group, behind its key.
/// </summary>
public static class AgentEndpoints
{
    private const string SupervisorReason = "supervisor";

    public static RouteGroupBuilder MapAgentEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/agents", CreateAsync);
        admin.MapGet("/agents", ListAsync);
        admin.MapGet("/agents/{id}", GetAsync);
        admin.MapPatch("/agents/{id}", ChangeAsync);
        admin.MapPost("/agents/{id}/logout", LogOutAsync);
        admin.MapPost("/agents/{id}/state", SetStateAsync);
        admin.MapPost("/agents/{id}/queues/{queue}/login", (string id, string queue, IAgentRepository agents, ILineScripts scripts, AgentAdministration administration, ICallCentreGrains grains, ILoggerFactory logs, CancellationToken ct) =>
            QueueCommandAsync(id, queue, agents, scripts, administration, logs, () => grains.LogInAsync(id, queue), ct));
        admin.MapPost("/agents/{id}/queues/{queue}/logout", (string id, string queue, IAgentRepository agents, ILineScripts scripts, AgentAdministration administration, ICallCentreGrains grains, ILoggerFactory logs, CancellationToken ct) =>
            QueueCommandAsync(id, queue, agents, scripts, administration, logs, () => grains.LogOutAsync(id, queue, SupervisorReason), ct));
        return admin;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, AgentAdministration administration, ILineScripts scripts, CancellationToken ct)
    {
        var (body, readError) = await AdminJson.ReadAsync<CreateAgentBody>(request, ct);
        if (readError is not null)
        {
            return AdminJson.BadRequest(readError);
        }

        if (body!.Validate(ScriptQueues.Of(scripts.Current), out var agent) is { } invalid)
        {
            return AdminJson.BadRequest(invalid);
        }

        var created = await administration.CreateAsync(agent!, ct);
        return created is null
            ? Results.Json(new { error = $"SIP username '{agent!.SipUsername}' is already an agent's.", field = "sipUsername" }, statusCode: StatusCodes.Status409Conflict)
            : Results.Created($"/admin/agents/{created.Agent.Id}", AgentResponses.Agent(created));
    }

    private static async Task<IResult> ListAsync(IAgentRepository agents, AgentAdministration administration, CancellationToken ct)
    {
        var stored = await agents.ListAsync(ct);
        var states = await Task.WhenAll(stored.Select(a => administration.StateOfAsync(a.Id)));
        return Results.Ok(stored.Select((a, i) => AgentResponses.Agent(a, states[i])));
    }

    private static async Task<IResult> GetAsync(string id, IAgentRepository agents, AgentAdministration administration, CancellationToken ct) =>
        await agents.FindByIdAsync(id, ct) is { } agent
            ? Results.Ok(AgentResponses.Agent(agent, await administration.StateOfAsync(id)))
            : UnknownAgent(id);

    private static async Task<IResult> ChangeAsync(string id, HttpRequest request, AgentAdministration administration, ILineScripts scripts, CancellationToken ct)
    {
        var (body, readError) = await AdminJson.ReadAsync<ChangeAgentBody>(request, ct);
        if (readError is not null)
        {
            return AdminJson.BadRequest(readError);
        }

        if (body!.Validate(ScriptQueues.Of(scripts.Current), out var changes) is { } invalid)
        {
            return AdminJson.BadRequest(invalid);
        }

        return await administration.UpdateAsync(id, changes!, ct) is { } changed ? Results.Ok(AgentResponses.Agent(changed)) : UnknownAgent(id);
    }

    private static async Task<IResult> LogOutAsync(
        string id, HttpRequest request, IAgentRepository agents, AgentAdministration administration, ICallCentreGrains grains, ILoggerFactory logs, CancellationToken ct)
    {
        var (body, readError) = await AdminJson.ReadAsync(request, ct, optional: true, empty: new LogoutBody());
        if (readError is not null)
        {
            return AdminJson.BadRequest(readError);
        }

        if (AgentRules.ReasonProblem(body!.Reason) is { } reasonProblem)
        {
            return AdminJson.BadRequest(new FieldError("reason", reasonProblem));
        }

        if (await agents.FindByIdAsync(id, ct) is not { } agent)
        {
            return UnknownAgent(id);
        }

        var reason = string.IsNullOrWhiteSpace(body.Reason) ? SupervisorReason : $"{SupervisorReason}: {body.Reason.Trim()}";
        return await CommandAsync(agent, administration, logs, () => grains.LogOutAsync(id, null, reason));
    }

    private static async Task<IResult> SetStateAsync(
        string id, HttpRequest request, IAgentRepository agents, AgentAdministration administration, ICallCentreGrains grains, IOptions<AgentSettings> settings, ILoggerFactory logs, CancellationToken ct)
    {
        var (body, readError) = await AdminJson.ReadAsync<AgentStateBody>(request, ct);
        if (readError is not null)
        {
            return AdminJson.BadRequest(readError);
        }

        if (body!.Status is not ("ready" or "paused"))
        {
            return AdminJson.BadRequest(new FieldError("status", "must be \"ready\" or \"paused\""));
        }

        if (body.Status == "paused" && string.IsNullOrWhiteSpace(body.Reason))
        {
            return AdminJson.BadRequest(new FieldError("reason", "is required to pause an agent"));
        }

        if (AgentRules.ReasonProblem(body.Reason) is { } reasonProblem)
        {
            return AdminJson.BadRequest(new FieldError("reason", reasonProblem));
        }

        if (body.Status == "paused" && settings.Value.PauseReasonProblem(body.Reason!) is { } notListed)
        {
            return AdminJson.BadRequest(new FieldError("reason", notListed));
        }

        if (await agents.FindByIdAsync(id, ct) is not { } agent)
        {
            return UnknownAgent(id);
        }

        if (!agent.Enabled && body.Status == "ready")
        {
            return AgentResponses.Refused(AgentRefusals.Disabled, await administration.StateOfAsync(id));
        }

        return await CommandAsync(agent, administration, logs, () => body.Status == "ready" ? grains.SetReadyAsync(id) : grains.PauseAsync(id, body.Reason!.Trim()));
    }

    private static async Task<IResult> QueueCommandAsync(
        string id, string queue, IAgentRepository agents, ILineScripts scripts, AgentAdministration administration, ILoggerFactory logs, Func<Task<AgentCommandResult>> command, CancellationToken ct)
    {
        if (await agents.FindByIdAsync(id, ct) is not { } agent)
        {
            return UnknownAgent(id);
        }

        if (!ScriptQueues.Of(scripts.Current).Contains(queue))
        {
            return AgentResponses.NotFound($"No IVR script sends callers to a queue '{queue}' (see GET /admin/queues).");
        }

        if (!agent.Enabled)
        {
            return AgentResponses.Refused(AgentRefusals.Disabled, await administration.StateOfAsync(id));
        }

        return await CommandAsync(agent, administration, logs, command);
    }

    private static async Task<IResult> CommandAsync(StoredAgent agent, AgentAdministration administration, ILoggerFactory logs, Func<Task<AgentCommandResult>> command)
    {
        var outcome = await AgentCommands.RunAsync(agent, administration, logs.CreateLogger(typeof(AgentEndpoints).FullName!), command);
        return outcome.Result is not { } result
            ? AgentResponses.Unavailable($"Agent {agent.Id}: its state could not be reached ({outcome.Failure!.GetType().Name}); nothing was changed.")
            : result.Accepted ? Results.Ok(AgentResponses.State(result.State))
            : outcome.UnknownAgent ? UnknownAgent(agent.Id)
            : AgentResponses.Refused(result.Refusal ?? "refused", result.State);
    }

    private static IResult UnknownAgent(string id) => AgentResponses.NotFound($"No agent with id '{id}'.");
}
