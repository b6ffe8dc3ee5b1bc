using Telephony.Storage;

namespace Telephony.Server.AgentConsole;

/// <summary>The session's agent, put on the request by <see cref="ConsoleSessionFilter"/>: the only agent a request may see or change.</summary>
public sealed record ConsoleCaller(ConsoleSession Session, StoredAgent Agent)
{
    public static ConsoleCaller Of(HttpContext http) =>
        http.Items[typeof(ConsoleCaller)] as ConsoleCaller ?? throw new InvalidOperationException("The console route was mapped without its session filter.");
}

/// <summary>The console's answers and its request checks.</summary>
public static class ConsoleRequests
{
    /// <summary>
    /// The header the page sends with every command. A cross-site page cannot: a form cannot add headers, and a
    /// cross-origin fetch with one needs a CORS preflight this server never grants.
    /// </summary>
    public const string CommandHeader = "X-Agent-Console";

    /// <summary>403 when a command lacks the page's header or the browser says it comes from another site; else null.</summary>
    public static IResult? CrossSiteProblem(HttpRequest request)
    {
        string? site = request.Headers["Sec-Fetch-Site"];
        var foreign = site is not (null or "" or "same-origin" or "none");
        return foreign || request.Headers[CommandHeader].ToString() != "1"
            ? Error(StatusCodes.Status403Forbidden, "cross_site", $"Cette action doit venir de la console (en-tête {CommandHeader} manquant ou requête d'un autre site).")
            : null;
    }

    /// <summary>An error the page shows as it is: a stable code and a French sentence.</summary>
    public static IResult Error(int status, string code, string message, object? state = null) =>
        Results.Json(state is null ? new { error = code, message } : new { error = code, message, state }, statusCode: status);

    public static IResult NoSession() =>
        Error(StatusCodes.Status401Unauthorized, "no_session", "Votre session a pris fin : reconnectez-vous.");

    public static IResult Unavailable() =>
        Error(StatusCodes.Status503ServiceUnavailable, "unavailable", "Le service ne répond pas : réessayez dans un instant. Rien n'a été changé.");

    public static bool IsCommand(HttpRequest request) => !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);
}
