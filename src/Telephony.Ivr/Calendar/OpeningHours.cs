using NodaTime;

namespace Telephony.Ivr;

/// <summary>
/// When a line answers: time ranges per weekday in the line's time zone (Europe/Paris), closed on French public
/// holidays when <see cref="ClosedOnPublicHolidays"/>, and closed on exceptional dates. Evaluated on local wall-clock
/// time, so the daylight-saving changes need no special case: 08:30 stays 08:30 in winter and in summer.
/// </summary>
public sealed class OpeningHours
{
    public OpeningHours(
        DateTimeZone zone,
        IReadOnlyDictionary<IsoDayOfWeek, IReadOnlyList<TimeRange>> weekly,
        bool closedOnPublicHolidays,
        IReadOnlySet<LocalDate> closures)
    {
        Zone = zone;
        Weekly = weekly;
        ClosedOnPublicHolidays = closedOnPublicHolidays;
        Closures = closures;
    }

    public static DateTimeZone Paris { get; } = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    public DateTimeZone Zone { get; }

    /// <summary>Open ranges per weekday; a day absent from the map is closed.</summary>
    public IReadOnlyDictionary<IsoDayOfWeek, IReadOnlyList<TimeRange>> Weekly { get; }

    public bool ClosedOnPublicHolidays { get; }

    /// <summary>Exceptional closures (whole days, local dates).</summary>
    public IReadOnlySet<LocalDate> Closures { get; }

    public bool IsOpen(DateTimeOffset instant) => IsOpen(Instant.FromDateTimeOffset(instant));

    public bool IsOpen(Instant instant)
    {
        var local = instant.InZone(Zone).LocalDateTime;
        if (IsClosedAllDay(local.Date))
        {
            return false;
        }

        return Weekly.TryGetValue(local.DayOfWeek, out var ranges) && ranges.Any(r => r.Contains(local.TimeOfDay));
    }

    /// <summary>True on an exceptional closure, and on a public holiday when the line closes on them (whatever the weekday).</summary>
    public bool IsClosedAllDay(LocalDate date) =>
        Closures.Contains(date) || (ClosedOnPublicHolidays && FrenchPublicHolidays.IsHoliday(date));
}

/// <summary>A half-open range of local time, [Start, End): a line open 08:30-17:00 is closed at 17:00 sharp.</summary>
public readonly record struct TimeRange(LocalTime Start, LocalTime End)
{
    public bool Contains(LocalTime time) => time >= Start && time < End;

    public override string ToString() => $"{Start:HH:mm}-{End:HH:mm}";
}
