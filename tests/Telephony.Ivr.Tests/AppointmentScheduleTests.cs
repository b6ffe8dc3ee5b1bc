using NodaTime;

namespace Telephony.Ivr.Tests;

/// <summary>
/// The appointment slots of a queue, cut from a line's hours in Europe/Paris: ranges and lunch breaks, holidays and
/// closures, the notice and the days ahead, the daylight-saving nights, and full slots left out.
/// </summary>
public sealed class AppointmentScheduleTests
{
    private static readonly QueueAppointments HalfHours = new(TimeSpan.FromMinutes(30), PerSlot: 2, DaysAhead: 0, MinimumNotice: TimeSpan.Zero);

    [Fact]
    public void Slots_fill_each_opening_range_and_none_falls_in_the_lunch_break()
    {
        var hours = Hours(IsoDayOfWeek.Monday, "08:30-12:00", "13:30-17:00");

        var slots = AppointmentSchedule.Slots(hours, HalfHours, ParisInstant(2026, 11, 23, 0, 0));

        Assert.Equal(
            ["08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"],
            slots.Select(s => s.LocalStart.TimeOfDay.ToString("HH:mm", null)));
        Assert.All(slots, s => Assert.Equal(Duration.FromMinutes(30), s.End - s.Start));
        Assert.Equal(new LocalDateTime(2026, 11, 23, 17, 0), slots[^1].LocalEnd);
        Assert.All(slots, s => Assert.Equal(2, s.Remaining));
    }

    [Fact]
    public void A_slot_that_would_end_after_the_range_is_not_offered()
    {
        var hours = Hours(IsoDayOfWeek.Monday, "09:00-10:45");

        var slots = AppointmentSchedule.Slots(hours, HalfHours, ParisInstant(2026, 11, 23, 0, 0));

        Assert.Equal(["09:00", "09:30", "10:00"], slots.Select(s => s.LocalStart.TimeOfDay.ToString("HH:mm", null)));
    }

    [Fact]
    public void Public_holidays_and_closures_have_no_slot_unless_the_line_opens_on_holidays()
    {
        // Tuesday 14 July 2026 is the Fête nationale; Wednesday 15 July an exceptional closure; Thursday 16 an ordinary day.
        var week = new QueueAppointments(TimeSpan.FromMinutes(60), 1, DaysAhead: 3, TimeSpan.Zero);
        var closedOnHolidays = new OpeningHours(OpeningHours.Paris, EveryDay("09:00-10:00"), closedOnPublicHolidays: true, new HashSet<LocalDate> { new(2026, 7, 15) });
        var openOnHolidays = new OpeningHours(OpeningHours.Paris, EveryDay("09:00-10:00"), closedOnPublicHolidays: false, new HashSet<LocalDate>());
        var monday = ParisInstant(2026, 7, 13, 0, 0);

        Assert.Equal(
            [new LocalDate(2026, 7, 13), new LocalDate(2026, 7, 16)],
            AppointmentSchedule.Slots(closedOnHolidays, week, monday).Select(s => s.LocalStart.Date));
        Assert.Equal(4, AppointmentSchedule.Slots(openOnHolidays, week, monday).Count);
    }

    [Fact]
    public void Slots_go_from_the_notice_after_now_to_the_last_day_ahead_skipping_closed_days()
    {
        // Friday 20 November 2026 at 10:10: with an hour's notice the first slot is 11:30; 5 days ahead ends on Wednesday 25.
        var hours = new OpeningHours(OpeningHours.Paris, Weekdays("09:00-12:00"), true, new HashSet<LocalDate>());
        var settings = new QueueAppointments(TimeSpan.FromMinutes(30), 1, DaysAhead: 5, TimeSpan.FromHours(1));

        var slots = AppointmentSchedule.Slots(hours, settings, ParisInstant(2026, 11, 20, 10, 10));

        Assert.Equal(new LocalDateTime(2026, 11, 20, 11, 30), slots[0].LocalStart);
        Assert.Equal(
            [new LocalDate(2026, 11, 20), new LocalDate(2026, 11, 23), new LocalDate(2026, 11, 24), new LocalDate(2026, 11, 25)],
            slots.Select(s => s.LocalStart.Date).Distinct());
        Assert.Equal(new LocalDateTime(2026, 11, 25, 11, 30), slots[^1].LocalStart);
    }

    [Fact]
    public void The_same_wall_clock_slot_is_an_hour_earlier_in_utc_after_clocks_go_forward()
    {
        // Friday 27 March 2026 is winter time (UTC+1), Monday 30 March summer time (UTC+2).
        var hours = new OpeningHours(OpeningHours.Paris, Weekdays("08:00-08:30"), true, new HashSet<LocalDate>());
        var settings = HalfHours with { DaysAhead = 3 };

        var slots = AppointmentSchedule.Slots(hours, settings, ParisInstant(2026, 3, 27, 0, 0));

        Assert.Equal(
            [Instant.FromUtc(2026, 3, 27, 7, 0), Instant.FromUtc(2026, 3, 30, 6, 0)],
            slots.Select(s => s.Start));
    }

    [Fact]
    public void On_the_night_clocks_go_forward_no_slot_starts_in_the_missing_hour()
    {
        // Sunday 29 March 2026: 02:00 becomes 03:00 in Paris. The slot from 01:30 lasts 30 minutes and ends at 03:00.
        var hours = Hours(IsoDayOfWeek.Sunday, "01:00-04:00");

        var slots = AppointmentSchedule.Slots(hours, HalfHours, ParisInstant(2026, 3, 29, 0, 0));

        Assert.Equal(["01:00", "01:30", "03:00", "03:30"], slots.Select(s => s.LocalStart.TimeOfDay.ToString("HH:mm", null)));
        Assert.Equal(new LocalDateTime(2026, 3, 29, 3, 0), slots[1].LocalEnd);
        Assert.All(slots, s => Assert.Equal(Duration.FromMinutes(30), s.End - s.Start));
        Assert.Equal(slots.Count, slots.Select(s => s.Start).Distinct().Count());
    }

    [Fact]
    public void On_the_night_clocks_go_back_no_slot_starts_in_the_repeated_hour()
    {
        // Sunday 25 October 2026: 03:00 goes back to 02:00; "2 h 30" would name two moments.
        var hours = Hours(IsoDayOfWeek.Sunday, "01:00-04:00");

        var slots = AppointmentSchedule.Slots(hours, HalfHours, ParisInstant(2026, 10, 25, 0, 0));

        Assert.Equal(["01:00", "01:30", "03:00", "03:30"], slots.Select(s => s.LocalStart.TimeOfDay.ToString("HH:mm", null)));
        Assert.Equal(Instant.FromUtc(2026, 10, 25, 2, 0), slots[2].Start);
        Assert.All(slots, s => Assert.Equal(Duration.FromMinutes(30), s.End - s.Start));
    }

    [Fact]
    public void A_fully_booked_slot_disappears_and_the_others_tell_their_places_left()
    {
        var hours = Hours(IsoDayOfWeek.Monday, "09:00-10:30");
        var schedule = AppointmentSchedule.Slots(hours, HalfHours, ParisInstant(2026, 11, 23, 0, 0));
        var booked = new Dictionary<Instant, int> { [schedule[0].Start] = 2, [schedule[1].Start] = 1 };

        var open = AppointmentSchedule.Open(schedule, HalfHours, start => booked.GetValueOrDefault(start));

        Assert.Equal([(schedule[1].Start, 1), (schedule[2].Start, 2)], open.Select(s => (s.Start, s.Remaining)));
    }

    private static Instant ParisInstant(int year, int month, int day, int hour, int minute) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(OpeningHours.Paris).ToInstant();

    private static OpeningHours Hours(IsoDayOfWeek day, params string[] ranges) => new(
        OpeningHours.Paris,
        new Dictionary<IsoDayOfWeek, IReadOnlyList<TimeRange>> { [day] = ranges.Select(Range).ToList() },
        closedOnPublicHolidays: true,
        new HashSet<LocalDate>());

    private static Dictionary<IsoDayOfWeek, IReadOnlyList<TimeRange>> EveryDay(string range) =>
        Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).ToDictionary(d => d, _ => (IReadOnlyList<TimeRange>)[Range(range)]);

    private static Dictionary<IsoDayOfWeek, IReadOnlyList<TimeRange>> Weekdays(string range) =>
        EveryDay(range).Where(d => d.Key < IsoDayOfWeek.Saturday).ToDictionary();

    private static TimeRange Range(string text)
    {
        var parts = text.Split('-');
        return new TimeRange(LocalTime.FromHourMinuteSecondTick(int.Parse(parts[0][..2], null), int.Parse(parts[0][3..], null), 0, 0),
            LocalTime.FromHourMinuteSecondTick(int.Parse(parts[1][..2], null), int.Parse(parts[1][3..], null), 0, 0));
    }
}
