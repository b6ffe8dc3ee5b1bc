using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Telephony.Server.Hosting;
using Telephony.Storage;

namespace Telephony.Server.AgentConsole;

/// <summary>
/// <c>GET /agent/agenda</c>, behind the session: the callbacks pending and the appointments to come in the queues the
/// session's agent serves (their skills), whatever queue they are logged in to now. No route names an agent or a
/// queue, so an agent sees only their own queues' work.
/// </summary>
public static class ConsoleAgenda
{
    /// <summary>The most entries of each kind in the list: the next ones, not a report.</summary>
    public const int Limit = 20;

    public static async Task<IResult> GetAsync(
        HttpContext http,
        [FromServices] AgendaRepository agenda,
        [FromServices] IvrScriptProvider scripts,
        [FromServices] IOptions<ConsoleSettings> settings,
        [FromServices] TimeProvider time,
        [FromServices] ILoggerFactory logs)
    {
        var agent = ConsoleCaller.Of(http).Agent;
        var queues = agent.Skills.Select(s => s.QueueId).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            var callbacks = await agenda.PendingCallbacksAsync(queues, Limit, http.RequestAborted);
            var appointments = await agenda.UpcomingAppointmentsAsync(queues, time.GetUtcNow(), Limit, http.RequestAborted);
            return Results.Ok(ConsoleAgendaView.Of(callbacks, appointments, scripts.Current, settings.Value.AgendaRefreshInterval));
        }
        catch (Exception error) when (error is StorageException or System.Data.Common.DbException)
        {
            logs.CreateLogger(typeof(ConsoleAgenda).FullName!).LogWarning(error, "Agenda of agent {AgentId} could not be read", agent.Id);
            return ConsoleRequests.Unavailable();
        }
    }
}
