using System.Globalization;
using Microsoft.Extensions.Options;
using Telephony.Calls.Agents;
using Telephony.Server.Admin;
using Telephony.Storage;

namespace Telephony.Server.AgentConsole;

/// <summary>Body of <c>POST /agent/session</c>: the agent's own SIP username and password (the phone's).</summary>
public sealed class LoginBody
{
    public string? SipUsername { get; set; }

    public string? Password { get; set; }

    public override string ToString() => $"LoginBody {{ SipUsername = {SipUsername} }}";
}

/// <summary>
/// <c>POST /agent/session</c> and <c>DELETE /agent/session</c>: the agent logs in with their own credentials (never
/// the admin key) and gets a session cookie; Déconnexion logs the agent out of its queues and ends the session.
/// </summary>
public static class ConsoleLogin
{
    private const string LogOutReason = "agent";

    public static async Task<IResult> LogInAsync(
        HttpContext http, IAgentAccounts accounts, IAgentRepository agents, AgentAdministration administration, ConsoleSessions sessions,
        LoginThrottle throttle, IOptions<ConsoleSettings> settings, IOptions<Configuration.AgentSettings> agentSettings, ILoggerFactory logs)
    {
        var ct = http.RequestAborted;
        var logger = logs.CreateLogger(typeof(ConsoleLogin).FullName!);
        if (ConsoleRequests.CrossSiteProblem(http.Request) is { } crossSite)
        {
            return crossSite;
        }

        var (body, readError) = await AdminJson.ReadAsync<LoginBody>(http.Request, ct);
        if (readError is not null)
        {
            return AdminJson.BadRequest(readError);
        }

        if (string.IsNullOrWhiteSpace(body!.SipUsername) || body.SipUsername.Length > 200)
        {
            return AdminJson.BadRequest(new FieldError("sipUsername", "is required (the agent's SIP username)"));
        }

        if (string.IsNullOrEmpty(body.Password) || body.Password.Length > 1000)
        {
            return AdminJson.BadRequest(new FieldError("password", "is required"));
        }

        var source = LoginThrottle.KeyOf(http.Connection.RemoteIpAddress);
        using var turn = await throttle.TakeTurnAsync(http.Connection.RemoteIpAddress, ct);
        if (turn is null)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(settings.Value.LoginDelayCap.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ConsoleRequests.Error(StatusCodes.Status429TooManyRequests, "too_many_attempts", "Trop de tentatives en cours : patientez avant de réessayer.");
        }

        var agentId = await accounts.VerifyPasswordAsync(body.SipUsername, body.Password, ct);
        var agent = agentId is null ? null : await agents.FindByIdAsync(agentId, ct);
        if (agent is null)
        {
            var delay = await turn.FailAsync(ct);
            // Never the password; the username only when it has a username's shape (not a password typed in the wrong field).
            logger.LogWarning("Console login refused for {SipUsername} from {Source}; answered after {Delay} s",
                AgentRules.SipUsernameProblem(body.SipUsername) is null ? body.SipUsername : "(not a SIP username)", source, delay.TotalSeconds);
            return ConsoleRequests.Error(StatusCodes.Status401Unauthorized, "wrong_credentials", "Identifiant ou mot de passe incorrect.");
        }

        var (token, session) = sessions.Open(agent.Id);
        http.Response.Cookies.Append(ConsoleSessions.CookieName, token, CookieOptions(http, settings.Value.SessionLifetime));
        logger.LogInformation("Agent {AgentId} opened a console session from {Source}", agent.Id, source);
        var state = await administration.StateOfAsync(agent.Id);
        return Results.Ok(ConsoleSnapshot.Of(agent, state, ConsolePauseReasons.Of(agentSettings.Value)));
    }

    public static async Task<IResult> LogOutAsync(HttpContext http, ICallCentreGrains grains, AgentAdministration administration, ConsoleSessions sessions, ILoggerFactory logs)
    {
        var caller = ConsoleCaller.Of(http);
        var logger = logs.CreateLogger(typeof(ConsoleLogin).FullName!);
        var outcome = await AgentCommands.RunAsync(caller.Agent, administration, logger, () => grains.LogOutAsync(caller.Agent.Id, null, LogOutReason));
        if (outcome.Result is null)
        {
            // Keep the session: the agent would otherwise stay in the queues with no console to leave them from.
            return ConsoleRequests.Unavailable();
        }

        sessions.End(caller.Session);
        http.Response.Cookies.Delete(ConsoleSessions.CookieName, CookieOptions(http, TimeSpan.Zero));
        logger.LogInformation("Agent {AgentId} logged out from the console", caller.Agent.Id);
        return Results.NoContent();
    }

    private static CookieOptions CookieOptions(HttpContext http, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/agent",
        MaxAge = lifetime > TimeSpan.Zero ? lifetime : null,
        IsEssential = true,
    };
}
