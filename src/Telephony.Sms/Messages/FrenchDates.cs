using System.Globalization;
using NodaTime;
using Telephony.Ivr;

namespace Telephony.Sms;

/// <summary>
/// Dates and times as a French SMS writes them, in Europe/Paris: "mardi 24 novembre", "1er décembre", "14 h", "9 h 05".
/// Written out here because the service runs with invariant globalization (no culture data to format with).
/// </summary>
public static class FrenchDates
{
    public static LocalDateTime InParis(DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(OpeningHours.Paris).LocalDateTime;

    /// <summary>"mardi 24 novembre", "mardi 1er décembre".</summary>
    public static string Day(LocalDate date)
    {
        var dayOfMonth = date.Day == 1 ? "1er" : date.Day.ToString(CultureInfo.InvariantCulture);
        return $"{AnnouncementFragments.DayName((int)date.DayOfWeek)} {dayOfMonth} {AnnouncementFragments.MonthName(date.Month)}";
    }

    /// <summary>"14 h", "14 h 30", "9 h 05".</summary>
    public static string Time(LocalTime time) => time.Minute == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{time.Hour} h")
        : string.Create(CultureInfo.InvariantCulture, $"{time.Hour} h {time.Minute:00}");
}
