using System.Globalization;
using NodaTime;
using Telephony.Ivr;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// When citizens may be called back: days of the week and a time range, Europe/Paris. A callback due outside them
/// waits for the next opening; the range's end is exclusive.
/// </summary>
public sealed class CallingHours
{
    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    private readonly HashSet<IsoDayOfWeek> _days;
    private readonly LocalTime _from;
    private readonly LocalTime? _until; // null: until midnight

    private CallingHours(HashSet<IsoDayOfWeek> days, LocalTime from, LocalTime? until)
    {
        _days = days;
        _from = from;
        _until = until;
    }

    public static CallingHours Always { get; } = new([.. Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)], LocalTime.Midnight, null);

    public bool IsOpen(DateTimeOffset at)
    {
        var local = Instant.FromDateTimeOffset(at).InZone(OpeningHours.Paris).LocalDateTime;
        return _days.Contains(local.DayOfWeek) && local.TimeOfDay >= _from && (_until is not { } until || local.TimeOfDay < until);
    }

    /// <summary><paramref name="at"/> when open, else the next opening (within a week; minute steps of the search are exact enough).</summary>
    public DateTimeOffset NextOpening(DateTimeOffset at)
    {
        if (IsOpen(at))
        {
            return at;
        }

        var zone = OpeningHours.Paris;
        var day = Instant.FromDateTimeOffset(at).InZone(zone).Date;
        for (var i = 0; i <= 7; i++)
        {
            var opening = day.PlusDays(i).At(_from).InZoneLeniently(zone).ToDateTimeOffset();
            if (opening > at && IsOpen(opening))
            {
                return opening;
            }
        }

        return at + TimeSpan.FromDays(1);
    }

    /// <exception cref="InvalidOperationException">Names the <c>Callbacks</c> key that is wrong.</exception>
    public static CallingHours Parse(string hours, string days)
    {
        var range = (hours ?? "").Split('-', StringSplitOptions.TrimEntries);
        if (range.Length != 2 || !TryParseTime(range[0], out var from) || from is null || !TryParseTime(range[1], out var until) || until <= from)
        {
            throw CallbackSettings.Bad(nameof(CallbackSettings.CallingHours), $"'{hours}' must be 'HH:mm-HH:mm' with the start before the end, e.g. 08:30-19:30 (00:00-24:00: any time).");
        }

        return new CallingHours(ParseDays(days), from.Value, until);
    }

    // "24:00" is the end of the day: parsed, as null (no end).
    private static bool TryParseTime(string text, out LocalTime? time)
    {
        time = null;
        if (text == "24:00")
        {
            return true;
        }

        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            time = new LocalTime(parsed.Hour, parsed.Minute);
            return true;
        }

        return false;
    }

    private static HashSet<IsoDayOfWeek> ParseDays(string days)
    {
        var set = new HashSet<IsoDayOfWeek>();
        foreach (var part in (days ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            var first = Array.FindIndex(DayNames, d => string.Equals(d, ends[0], StringComparison.OrdinalIgnoreCase));
            var last = ends.Length == 2 ? Array.FindIndex(DayNames, d => string.Equals(d, ends[1], StringComparison.OrdinalIgnoreCase)) : first;
            if (ends.Length > 2 || first < 0 || last < first)
            {
                throw CallbackSettings.Bad(nameof(CallbackSettings.CallingDays), $"'{days}' must list days as Mon, Tue, Wed, Thu, Fri, Sat, Sun or ranges such as Mon-Sat.");
            }

            for (var d = first; d <= last; d++)
            {
                set.Add((IsoDayOfWeek)(d + 1));
            }
        }

        return set.Count > 0 ? set : throw CallbackSettings.Bad(nameof(CallbackSettings.CallingDays), "must name at least one day, e.g. Mon-Sat.");
    }
}
