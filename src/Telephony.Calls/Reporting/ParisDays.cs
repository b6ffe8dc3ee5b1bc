using NodaTime;
using Telephony.Ivr;

namespace Telephony.Calls.Reporting;

/// <summary>Calendar days in Europe/Paris, the days every report counts in (23 h and 25 h days included).</summary>
public static class ParisDays
{
    /// <summary>The UTC instant Paris day <paramref name="day"/> starts at (its midnight).</summary>
    public static DateTimeOffset StartUtc(DateOnly day) =>
        LocalDate.FromDateOnly(day).AtStartOfDayInZone(OpeningHours.Paris).ToDateTimeOffset().ToUniversalTime();

    /// <summary>The Paris day an instant falls in.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(OpeningHours.Paris).Date.ToDateOnly();

    public static DateOnly Today(TimeProvider time) => DayOf(time.GetUtcNow());
}
