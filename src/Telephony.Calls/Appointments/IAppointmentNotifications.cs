using Telephony.Storage;

namespace Telephony.Calls.Appointments;

/// <summary>
/// Told of every booking and cancellation once it is committed: where the SMS confirmation plugs in. An implementation
/// queues its message and returns (a slow one delays the citizen's answer, not the booking); it should not throw, and
/// what it throws is logged and dropped: the appointment stands whatever happens to its SMS.
/// Register one in the container in place of <see cref="NoAppointmentNotifications"/> (the default).
/// </summary>
public interface IAppointmentNotifications
{
    Task BookedAsync(AppointmentNotice notice, CancellationToken ct);

    Task CancelledAsync(AppointmentNotice notice, CancellationToken ct);
}

/// <summary>
/// An appointment with the words a message about it needs: "Votre rendez-vous téléphonique CNAV : mardi 24 novembre
/// entre 14 h et 14 h 30. Code d'annulation : 4KQ7AB." is <c>$"... {Appointment.Network} : {SlotText}. Code d'annulation : {Appointment.Code}."</c>
/// </summary>
/// <param name="Appointment">As stored: the number (E.164) to write to, the code, the slot's instants.</param>
/// <param name="ServiceName">The line's name in words ("Assurance retraite (CNAV)").</param>
/// <param name="ReasonLabel">The reason in words ("Préparer mon départ à la retraite").</param>
/// <param name="SlotText">The slot in the line's time zone, written ("mardi 24 novembre entre 14 h et 14 h 30").</param>
public sealed record AppointmentNotice(Appointment Appointment, string ServiceName, string ReasonLabel, string SlotText);

/// <summary>The default: nobody is told (no SMS gateway configured).</summary>
public sealed class NoAppointmentNotifications : IAppointmentNotifications
{
    public Task BookedAsync(AppointmentNotice notice, CancellationToken ct) => Task.CompletedTask;

    public Task CancelledAsync(AppointmentNotice notice, CancellationToken ct) => Task.CompletedTask;
}
