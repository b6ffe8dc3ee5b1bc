namespace Telephony.Storage;

/// <summary>What an agenda entry is: a callback waiting to be made as soon as possible, or a phone appointment.</summary>
public enum AgendaKind
{
    Callback,
    Appointment,
}

/// <summary>
/// One entry of an agent's agenda (<see cref="AgendaRepository"/>): a callback waiting in a queue the agent serves, or
/// an appointment to come in one. The number is masked (<see cref="PhoneNumberMasking"/>): the agenda is a list shown
/// on a screen, and the full number is only needed by the dialler.
/// </summary>
/// <param name="At">A callback: when it was requested; an appointment: its slot's start.</param>
/// <param name="Until">An appointment's slot end; null for a callback.</param>
/// <param name="Reason">An appointment's reason id in the line's script; null for a callback.</param>
public sealed record AgendaEntry(
    AgendaKind Kind, Guid Id, string Network, string Line, string QueueId, string? Reason, DateTimeOffset At, DateTimeOffset? Until, string MaskedNumber);
