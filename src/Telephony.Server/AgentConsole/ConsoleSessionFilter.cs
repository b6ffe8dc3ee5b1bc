using Telephony.Storage;

namespace Telephony.Server.AgentConsole;

/// <summary>
/// Admits a console request only with a live session whose agent still exists and is enabled (else the session ends:
/// 401), and a command only with the page's header (403). The agent is then <see cref="ConsoleCaller.Of"/>.
/// </summary>
public sealed class ConsoleSessionFilter(ConsoleSessions sessions, IAgentRepository agents) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (ConsoleRequests.IsCommand(http.Request) && ConsoleRequests.CrossSiteProblem(http.Request) is { } crossSite)
        {
            return crossSite;
        }

        if (sessions.Find(http.Request.Cookies[ConsoleSessions.CookieName]) is not { } session)
        {
            return ConsoleRequests.NoSession();
        }

        var agent = await agents.FindByIdAsync(session.AgentId, http.RequestAborted);
        if (agent is not { Enabled: true })
        {
            sessions.End(session);
            return ConsoleRequests.NoSession();
        }

        http.Items[typeof(ConsoleCaller)] = new ConsoleCaller(session, agent);
        return await next(context);
    }
}
