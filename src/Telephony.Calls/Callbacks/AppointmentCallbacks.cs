using Telephony.Calls.Appointments;
using Telephony.Calls.Queues;
using Telephony.Grains.Abstractions;
using Telephony.Storage;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// An appointment's callback: a row of kind <c>appointment</c> whose place in the queue and due time are the slot's
/// start (the runner gives it <see cref="CallbackRunner.AppointmentPriority"/>), its reminder set for that time; a
/// cancelled appointment's callback is cancelled on its row (a node holding it in its queue sees that at its next
/// lease renewal and leaves; its reminder, at its next tick, finds the row over and removes itself).
/// </summary>
public sealed class AppointmentCallbacks(
    CallbackRequestRepository requests,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<AppointmentCallbacks> logger) : IAppointmentCallbacks
{
    public const string ReasonLabel = "Motif";

    public async Task BookedAsync(Appointment appointment, string reasonLabel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var (id, existing) = await requests.AddOrFindActiveAsync(new CallbackRequest
        {
            CallId = $"appointment-{appointment.Id:N}",
            Network = appointment.Network,
            Line = appointment.Line,
            QueueId = appointment.QueueId,
            PhoneNumber = appointment.PhoneNumber,
            RequestedAt = appointment.BookedAt,
            Kind = CallbackKinds.Appointment,
            QueuedAt = appointment.SlotStart,
            DueAt = appointment.SlotStart,
            AppointmentId = AppointmentKey(appointment),
            AgentContext = CallbackContext.Serialize(new WaitingCaller([], [], [new CallContextItem(ReasonLabel, reasonLabel)])),
        }, ct);
        if (existing)
        {
            return;
        }

        logger.LogInformation("Appointment callback {CallbackId} on {Queue} due at {Slot:O} for {Number}",
            id, appointment.QueueId, appointment.SlotStart, PhoneNumberMasking.Mask(appointment.PhoneNumber));
        await CallbackReminders.ScheduleAsync(grains, id, appointment.SlotStart, fireNow: false, logger);
    }

    public async Task CancelledAsync(Appointment appointment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        if (await requests.CancelAppointmentAsync(AppointmentKey(appointment), time.GetUtcNow(), ct))
        {
            logger.LogInformation("Appointment {AppointmentId}: its callback is cancelled", appointment.Id);
        }
    }

    private static string AppointmentKey(Appointment appointment) => appointment.Id.ToString("D");
}
