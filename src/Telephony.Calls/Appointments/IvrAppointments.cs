using NodaTime;
using Telephony.Ivr;
using Telephony.Storage;

namespace Telephony.Calls.Appointments;

/// <summary>
/// The IVR's appointment actions carried out with <see cref="AppointmentBooking"/>, the code the booking page and API
/// use: the same slots, the same capacity, the same SMS. The caller's appointment is found and cancelled by the caller
/// ID (the number is the proof, as the code is on the page); a booking is for the number the caller confirmed.
/// </summary>
public sealed class IvrAppointments(AppointmentBooking booking, TimeProvider time, ILogger<IvrAppointments> logger)
{
    /// <returns>The event answering <paramref name="action"/> (one of the appointment actions).</returns>
    public async Task<IvrEvent> AnswerAsync(IvrAction action, IvrScript script, string callId, string? callerNumber, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(script);
        try
        {
            return action switch
            {
                FindAppointment => new AppointmentFound(await UpcomingAsync(script, callerNumber, ct).ConfigureAwait(false) is { } found ? TimeOf(script, found) : null),
                CancelAppointment => new AppointmentCancelled(await booking.CancelActiveAsync(script, callerNumber, ct).ConfigureAwait(false) is not null),
                ListSlots list => new SlotsListed(Reason(script, list.ReasonId) is { } reason
                    ? (await booking.OpenSlotsAsync(script, reason, ct).ConfigureAwait(false)).Take(list.Max).ToList()
                    : []),
                BookAppointment book => await BookAsync(script, book, ct).ConfigureAwait(false),
                _ => throw new ArgumentException($"{action.GetType().Name} is not an appointment action.", nameof(action)),
            };
        }
        catch (Exception error) when (error is not OperationCanceledException and not ArgumentException)
        {
            // The caller hears that nothing could be done (no slot, no appointment found), never silence.
            logger.LogError(error, "Call {CallId}: appointment action {Action} failed on line {Line}", callId, action.GetType().Name, script.LineLabel);
            return action switch
            {
                FindAppointment => new AppointmentFound(null),
                CancelAppointment => new AppointmentCancelled(false),
                ListSlots => new SlotsListed([]),
                _ => new AppointmentBookingAnswered(AppointmentBookingAnswer.Failed),
            };
        }
    }

    private async Task<Appointment?> UpcomingAsync(IvrScript script, string? callerNumber, CancellationToken ct) =>
        await booking.FindActiveAsync(script, callerNumber, ct).ConfigureAwait(false) is { } active && active.SlotEnd > time.GetUtcNow()
            ? active
            : null;

    private async Task<IvrEvent> BookAsync(IvrScript script, BookAppointment book, CancellationToken ct)
    {
        if (Reason(script, book.ReasonId) is not { } reason)
        {
            return new AppointmentBookingAnswered(AppointmentBookingAnswer.Failed);
        }

        var result = await booking.BookAsync(script, reason, book.Number, book.SlotStart, "ivr", ct, book.NumberRules).ConfigureAwait(false);
        return result.Status switch
        {
            AppointmentBookingStatus.Booked => new AppointmentBookingAnswered(AppointmentBookingAnswer.Booked, result.Appointment!.Code, TimeOf(script, result.Appointment)),
            AppointmentBookingStatus.AlreadyBooked => new AppointmentBookingAnswered(AppointmentBookingAnswer.AlreadyBooked, Slot: TimeOf(script, result.Appointment!)),
            AppointmentBookingStatus.SlotFull => new AppointmentBookingAnswered(AppointmentBookingAnswer.SlotFull),
            _ => new AppointmentBookingAnswered(AppointmentBookingAnswer.Failed),
        };
    }

    private static AppointmentReason? Reason(IvrScript script, string reasonId) => script.Appointments?.FindReason(reasonId);

    private static AppointmentTime TimeOf(IvrScript script, Appointment appointment)
    {
        var zone = script.OpeningHours?.Zone ?? OpeningHours.Paris;
        return new AppointmentTime(
            Instant.FromDateTimeOffset(appointment.SlotStart).InZone(zone).LocalDateTime,
            Instant.FromDateTimeOffset(appointment.SlotEnd).InZone(zone).LocalDateTime);
    }
}
