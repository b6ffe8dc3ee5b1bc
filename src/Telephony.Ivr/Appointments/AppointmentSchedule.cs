using NodaTime;

namespace Telephony.Ivr;

/// <summary>
/// The appointment slots of a queue on a line: pure, so the booking page, the API and the IVR list the same slots.
/// Slots are cut from the start of each opening range (a lunch break is simply the gap between two ranges) and end
/// within it; closures and public holidays have none. Slots are laid out on wall-clock time, as the staff's rota is:
/// on the night clocks go forward a slot starting in the missing hour does not exist, and on the night they go back a
/// slot starting in the repeated hour is left out (a citizen told "2 h 30" could not know which one).
/// </summary>
public static class AppointmentSchedule
{
    /// <summary>Every slot from <paramref name="now"/> plus the notice to the last bookable day, booked or not, in time order.</summary>
    public static IReadOnlyList<AppointmentSlot> Slots(OpeningHours hours, QueueAppointments settings, Instant now)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(settings);
        var zone = hours.Zone;
        var earliest = now + Duration.FromTimeSpan(settings.MinimumNotice);
        var length = Duration.FromTimeSpan(settings.SlotLength);
        var today = now.InZone(zone).Date;
        var slots = new List<AppointmentSlot>();
        for (var date = today; date <= today.PlusDays(settings.DaysAhead); date = date.PlusDays(1))
        {
            if (hours.IsClosedAllDay(date) || !hours.Weekly.TryGetValue(date.DayOfWeek, out var ranges))
            {
                continue;
            }

            foreach (var range in ranges)
            {
                for (var tick = range.Start.TickOfDay; tick + length.BclCompatibleTicks <= range.End.TickOfDay; tick += length.BclCompatibleTicks)
                {
                    var localStart = date + LocalTime.FromTicksSinceMidnight(tick);
                    var mapping = zone.MapLocal(localStart);
                    if (mapping.Count != 1)
                    {
                        continue;
                    }

                    var start = mapping.Single().ToInstant();
                    if (start >= earliest)
                    {
                        var end = start + length;
                        slots.Add(new AppointmentSlot(start, end, localStart, end.InZone(zone).LocalDateTime) { Remaining = settings.PerSlot });
                    }
                }
            }
        }

        return slots;
    }

    /// <summary>
    /// The slots with a place left, in time order, each with its <see cref="AppointmentSlot.Remaining"/> places:
    /// <paramref name="booked"/> gives the appointments already taken in the slot starting at an instant.
    /// </summary>
    public static IReadOnlyList<AppointmentSlot> Open(IEnumerable<AppointmentSlot> slots, QueueAppointments settings, Func<Instant, int> booked)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(booked);
        return slots
            .Select(slot => slot with { Remaining = settings.PerSlot - booked(slot.Start) })
            .Where(slot => slot.Remaining > 0)
            .ToList();
    }
}
