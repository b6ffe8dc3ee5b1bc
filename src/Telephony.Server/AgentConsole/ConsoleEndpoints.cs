using Telephony.Storage;

namespace Telephony.Server.AgentConsole;

/// <summary>
/// The agent console under <c>/agent</c>: the page and its files, the login, and the session's own agent's state,
/// commands and live events. Everything but the page, its files and the login needs a session
/// (<see cref="ConsoleSessionFilter"/>); every command needs the page's header too.
/// </summary>
public static class ConsoleEndpoints
{
    public static IServiceCollection AddAgentConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleSettings>()
            .Bind(configuration.GetSection(ConsoleSettings.SectionName))
            .Validate(s => s.AgendaRefreshInterval >= TimeSpan.FromSeconds(1) && s.AgendaRefreshInterval <= TimeSpan.FromHours(1),
                "AgentConsole:AgendaRefreshInterval must be between 00:00:01 and 01:00:00")
            .ValidateOnStart();
        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<ConsoleSessionFilter>();
        services.AddSingleton<ConsoleAssets>();
        services.AddSingleton<AgentEventStream>();
        services.AddSingleton<AgendaRepository>();
        return services;
    }

    public static IEndpointRouteBuilder MapAgentConsole(this IEndpointRouteBuilder routes)
    {
        var console = routes.MapGroup("/agent").AddEndpointFilter(async (context, next) =>
        {
            ConsoleAssets.SecurityHeaders(context.HttpContext.Response);
            return await next(context);
        });

        console.MapGet("", (HttpContext http, ConsoleAssets assets) => assets.Serve(http, "agent.html"));
        console.MapGet("/assets/{name}", (string name, HttpContext http, ConsoleAssets assets) => assets.Serve(http, name));
        console.MapPost("/session", ConsoleLogin.LogInAsync);

        var session = console.MapGroup("").AddEndpointFilter<ConsoleSessionFilter>();
        session.MapDelete("/session", ConsoleLogin.LogOutAsync);
        session.MapGet("/state", ConsoleAgentCommands.StateAsync);
        session.MapGet("/agenda", ConsoleAgenda.GetAsync);
        session.MapPost("/ready", ConsoleAgentCommands.ReadyAsync);
        session.MapPost("/pause", ConsoleAgentCommands.PauseAsync);
        session.MapPost("/wrap-up/end", ConsoleAgentCommands.EndWrapUpAsync);
        session.MapGet("/events", async (HttpContext http, AgentEventStream stream) => await stream.RunAsync(http, ConsoleCaller.Of(http)));
        return routes;
    }
}
