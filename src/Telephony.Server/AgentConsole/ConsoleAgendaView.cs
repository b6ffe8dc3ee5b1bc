using NodaTime;
using Telephony.Ivr;
using Telephony.Storage;

namespace Telephony.Server.AgentConsole;

/// <summary>
/// One line of the console's « Mes prochains rappels et rendez-vous »: when, why, which queue and line, and the
/// citizen's number masked (the list is on screen all day; the dialler has the number, the agent does not need it).
/// </summary>
/// <param name="Kind"><c>callback</c> (as soon as possible) or <c>appointment</c>.</param>
/// <param name="When">In words, Paris time: "demandé mardi 24 novembre à 10 h 12" or "mardi 24 novembre entre 14 h et 14 h 30".</param>
public sealed record ConsoleAgendaItem(
    string Kind, string KindLabel, DateTimeOffset At, DateTimeOffset? Until, string When, string Reason, string QueueId, string QueueName,
    string Network, string Line, string Number);

/// <summary><c>GET /agent/agenda</c>: the agent's next callbacks, then appointments, and how often the page asks again.</summary>
public sealed record ConsoleAgendaView(IReadOnlyList<ConsoleAgendaItem> Callbacks, IReadOnlyList<ConsoleAgendaItem> Appointments, int RefreshSeconds)
{
    public static ConsoleAgendaView Of(IEnumerable<AgendaEntry> callbacks, IEnumerable<AgendaEntry> appointments, IvrScriptSet scripts, TimeSpan refresh) =>
        new([.. callbacks.Select(e => Item(e, scripts))], [.. appointments.Select(e => Item(e, scripts))], (int)refresh.TotalSeconds);

    private static ConsoleAgendaItem Item(AgendaEntry entry, IvrScriptSet scripts)
    {
        var queueName = scripts.Queues.Find(entry.QueueId)?.Name ?? entry.QueueId;
        var start = InParis(entry.At);
        return entry.Kind == AgendaKind.Callback
            ? new ConsoleAgendaItem("callback", "Rappel dès que possible", entry.At, null,
                $"demandé {WrittenSlots.Date(start.Date)} à {WrittenSlots.Time(start.TimeOfDay)}", "Demande de rappel",
                entry.QueueId, queueName, entry.Network, entry.Line, entry.MaskedNumber)
            : new ConsoleAgendaItem("appointment", "Rendez-vous téléphonique", entry.At, entry.Until,
                WrittenSlots.Slot(start, InParis(entry.Until ?? entry.At)), ReasonLabel(entry, scripts),
                entry.QueueId, queueName, entry.Network, entry.Line, entry.MaskedNumber);
    }

    /// <summary>The reason as the citizen chose it on the line's list; its id when the script no longer has it.</summary>
    private static string ReasonLabel(AgendaEntry entry, IvrScriptSet scripts) =>
        scripts.Scripts
            .Where(s => s.LineLabel == entry.Line && s.Appointments is not null)
            .SelectMany(s => s.Appointments!.Reasons)
            .FirstOrDefault(r => r.Id == entry.Reason)?.Label ?? entry.Reason ?? "";

    private static LocalDateTime InParis(DateTimeOffset at) => Instant.FromDateTimeOffset(at).InZone(OpeningHours.Paris).LocalDateTime;
}
