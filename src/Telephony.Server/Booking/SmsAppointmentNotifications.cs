using Telephony.Calls.Appointments;
using Telephony.Sms;

namespace Telephony.Server.Booking;

/// <summary>
/// Every booking (page, API, IVR) stores its confirmation SMS and the reminder for the day before, and a cancellation
/// withdraws the reminder, through <see cref="ISmsNotifications"/>: only rows in the outbox, written in the time of
/// one insert, the sending left to the outbox worker. <see cref="AppointmentBooking"/> logs and drops what this
/// throws, so an SMS problem never fails a booking that is committed.
/// </summary>
public sealed class SmsAppointmentNotifications(ISmsNotifications sms, ILogger<SmsAppointmentNotifications> logger) : IAppointmentNotifications
{
    public async Task BookedAsync(AppointmentNotice notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var appointment = notice.Appointment;
        var outcome = await sms.AppointmentBookedAsync(new AppointmentSms
        {
            AppointmentId = appointment.Id.ToString("N"),
            Network = appointment.Network,
            PhoneNumber = appointment.PhoneNumber,
            SlotStart = appointment.SlotStart,
            SlotEnd = appointment.SlotEnd,
            CancellationCode = appointment.Code,
            // "Assurance retraite (CNAV)" rather than the metric label ("FRANCE_TRAVAIL" is no name for a citizen).
            ServiceName = notice.ServiceName,
        }, ct).ConfigureAwait(false);
        logger.LogDebug("Appointment {Appointment} on line {Line}: confirmation {Confirmation}, reminder {Reminder}",
            appointment.Id, appointment.Line, outcome.Confirmation, outcome.Reminder);
    }

    public async Task CancelledAsync(AppointmentNotice notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notice);
        await sms.AppointmentCancelledAsync(notice.Appointment.Id.ToString("N"), ct).ConfigureAwait(false);
    }
}
