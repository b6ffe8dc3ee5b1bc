using NodaTime;

namespace Telephony.Ivr;

/// <summary>
/// The simulator's stand-in for the booking service: the slots are the real schedule of the script (its opening hours,
/// holidays and the queue's staffing, every place free), a booking always succeeds with a made-up code, and the
/// caller's appointment is the one given with <c>--appointment</c>.
/// </summary>
internal static class SimulatedAppointments
{
    public const string Code = "SMK234";

    public static IvrEvent? Answer(IvrScript script, IvrAction action, DateTimeOffset now, AppointmentTime? existing, TextWriter output)
    {
        switch (action)
        {
            case FindAppointment:
                output.WriteLine($"  → appointment of the caller: {(existing is null ? "none" : FrenchAnnouncements.Slot(existing.Start, existing.End).Text)}");
                return new AppointmentFound(existing);
            case CancelAppointment:
                output.WriteLine("  → appointment cancelled");
                return new AppointmentCancelled(existing is not null);
            case ListSlots list:
                var reason = script.Appointments!.FindReason(list.ReasonId)!;
                var slots = AppointmentSchedule.Slots(script.OpeningHours!, script.Queues.Get(reason.QueueId).Appointments!, Instant.FromDateTimeOffset(now))
                    .Take(list.Max).ToList();
                output.WriteLine($"  → {slots.Count} open slot(s) of {reason.QueueId}");
                return new SlotsListed(slots);
            case BookAppointment book:
                var start = book.SlotStart.InZone(script.OpeningHours!.Zone).LocalDateTime;
                var length = script.Queues.Get(script.Appointments!.FindReason(book.ReasonId)!.QueueId).Appointments!.SlotLength;
                output.WriteLine($"  → appointment booked at {start:yyyy-MM-dd HH:mm} (code {Code})");
                return new AppointmentBookingAnswered(AppointmentBookingAnswer.Booked, Code, new AppointmentTime(start, start.PlusTicks(length.Ticks)));
            default:
                return null;
        }
    }
}
