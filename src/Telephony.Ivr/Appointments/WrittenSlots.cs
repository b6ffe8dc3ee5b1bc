using System.Globalization;
using NodaTime;

namespace Telephony.Ivr;

/// <summary>
/// Appointment slots as written for the citizen (booking page, SMS): "mardi 24 novembre entre 14 h et 14 h 30", the
/// hours written the French way ("9 h", "9 h 05"). What the IVR says is <see cref="FrenchAnnouncements.Slot"/>.
/// </summary>
public static class WrittenSlots
{
    public static string Slot(AppointmentSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return Slot(slot.LocalStart, slot.LocalEnd);
    }

    public static string Slot(LocalDateTime start, LocalDateTime end) => end.Date == start.Date
        ? $"{Date(start.Date)} {Hours(start.TimeOfDay, end.TimeOfDay)}"
        : $"{Date(start.Date)} entre {Time(start.TimeOfDay)} et {Date(end.Date)} {Time(end.TimeOfDay)}";

    /// <summary>"entre 14 h et 14 h 30": the slot within its day (under the day's heading on the page).</summary>
    public static string Hours(LocalTime start, LocalTime end) => $"entre {Time(start)} et {Time(end)}";

    /// <summary>"mardi 24 novembre", "mardi 1er décembre".</summary>
    public static string Date(LocalDate date) => FrenchAnnouncements.Date(date).Text;

    /// <summary>"14 h", "14 h 30", "9 h 05". Plain spaces: a no-break space is not in the SMS alphabet (it would halve a message).</summary>
    public static string Time(LocalTime time) => time.Minute == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{time.Hour} h")
        : string.Create(CultureInfo.InvariantCulture, $"{time.Hour} h {time.Minute:00}");
}
