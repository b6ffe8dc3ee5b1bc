using NodaTime;

namespace Telephony.Ivr;

/// <summary>An announcement in correct French: the sentence (for logs and tests) and the fragments to play, in order.</summary>
public sealed record Announcement(string Text, IReadOnlyList<string> FragmentIds);

/// <summary>
/// Assembles dynamic announcements from <see cref="AnnouncementFragments"/>. French grammar handled here rather than
/// in recordings: feminine agreement of numbers before minute/heure ("vingt et une minutes", "une heure"), plural,
/// "premier" vs "2e", "1er" for the first day of a month, and elision ("est d'une minute", but "le 11e", "le 8e"
/// since onze and huit never elide).
/// </summary>
public static class FrenchAnnouncements
{
    /// <summary>"vous êtes le premier", "vous êtes le 2e", beyond 30: "plus de 30 personnes attendent avant vous".</summary>
    public static Announcement QueuePosition(int position)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        if (position > AnnouncementFragments.MaxOrdinal)
        {
            var max = AnnouncementFragments.MaxOrdinal;
            return new($"plus de {max} personnes attendent avant vous",
                [AnnouncementFragments.MoreThan, AnnouncementFragments.Cardinal(max), AnnouncementFragments.PeopleBeforeYou]);
        }

        var ordinal = position == 1 ? "premier" : $"{position}e";
        return new($"vous êtes le {ordinal}", [AnnouncementFragments.YouAre, AnnouncementFragments.Ordinal(position)]);
    }

    /// <summary>
    /// "le temps d'attente estimé est de 3 minutes". Rounded up to the minute (a caller told 2 minutes who waits 3
    /// feels misled); under a minute: "moins d'une minute"; from an hour: "plus d'une heure".
    /// </summary>
    public static Announcement EstimatedWait(TimeSpan wait)
    {
        const string Lead = "le temps d'attente estimé est";
        if (wait < TimeSpan.FromMinutes(1))
        {
            return new($"{Lead} de moins d'une minute", [AnnouncementFragments.WaitIs, AnnouncementFragments.LessThanAMinute]);
        }

        var minutes = (int)Math.Ceiling(wait.TotalMinutes);
        if (minutes >= 60)
        {
            return new($"{Lead} de plus d'une heure", [AnnouncementFragments.WaitIs, AnnouncementFragments.MoreThanAnHour]);
        }

        if (minutes == 1)
        {
            return new($"{Lead} d'une minute", [AnnouncementFragments.WaitIsOneMinute]);
        }

        return new($"{Lead} de {minutes} minutes",
            [AnnouncementFragments.WaitIs, AnnouncementFragments.CardinalFeminine(minutes), AnnouncementFragments.Minutes]);
    }

    /// <summary>"mardi 24 novembre à 14 heures 30", "mardi 1er décembre à 1 heure", "lundi 4 mai à 21 heures 1".</summary>
    public static Announcement DateAndTime(LocalDateTime when) =>
        Join(Date(when.Date), new(AnnouncementFragments.AtText, [AnnouncementFragments.At]), Time(when.TimeOfDay));

    /// <summary>
    /// An appointment slot as the IVR reads it out: "mardi 24 novembre entre 14 heures et 14 heures 30". A slot
    /// ending on another day (one that crosses midnight) names both days.
    /// </summary>
    public static Announcement Slot(LocalDateTime start, LocalDateTime end)
    {
        var between = new Announcement(AnnouncementFragments.BetweenText, [AnnouncementFragments.Between]);
        var and = new Announcement(AnnouncementFragments.AndText, [AnnouncementFragments.And]);
        return end.Date == start.Date
            ? Join(Date(start.Date), between, Time(start.TimeOfDay), and, Time(end.TimeOfDay))
            : Join(Date(start.Date), between, Time(start.TimeOfDay), and, Date(end.Date), Time(end.TimeOfDay));
    }

    /// <summary>"mardi 24 novembre", "mardi 1er décembre" (the year is never said: slots and dates are near).</summary>
    public static Announcement Date(LocalDate date)
    {
        var isoDay = (int)date.DayOfWeek;
        var dayOfMonth = date.Day == 1 ? "1er" : date.Day.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var dayFragment = date.Day == 1 ? AnnouncementFragments.Ordinal(1) : AnnouncementFragments.Cardinal(date.Day);
        return new(
            $"{AnnouncementFragments.DayName(isoDay)} {dayOfMonth} {AnnouncementFragments.MonthName(date.Month)}",
            [AnnouncementFragments.Day(isoDay), dayFragment, AnnouncementFragments.Month(date.Month)]);
    }

    /// <summary>"14 heures 30", "1 heure", "21 heures 1": hours agree in the feminine ("une heure", "vingt et une heures").</summary>
    public static Announcement Time(LocalTime time)
    {
        var hourWord = time.Hour is 0 or 1 ? "heure" : "heures";
        var text = $"{time.Hour} {hourWord}";
        var fragments = new List<string>
        {
            AnnouncementFragments.CardinalFeminine(time.Hour),
            time.Hour is 0 or 1 ? AnnouncementFragments.Hour : AnnouncementFragments.Hours,
        };
        if (time.Minute > 0)
        {
            text += $" {time.Minute}";
            fragments.Add(AnnouncementFragments.CardinalFeminine(time.Minute));
        }

        return new(text, fragments);
    }

    /// <summary>"0 6 1 2 3 4 5 6 7 8": a phone number read digit by digit, so that no grouping can be misheard.</summary>
    public static Announcement Digits(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (!digits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("Only digits are read back.", nameof(digits));
        }

        return new(string.Join(' ', digits.ToCharArray()), digits.Select(d => AnnouncementFragments.Cardinal(d - '0')).ToList());
    }

    /// <summary>"nous vous appellerons au 0 6 1 2 ... Pour confirmer ce numéro, tapez 1. Pour saisir un autre numéro, tapez 2."</summary>
    public static Announcement NumberReadBack(string digits) => Join(
        Fragment(NumberFragments.WeWillCall), Digits(digits), Fragment(NumberFragments.ConfirmOrChange));

    /// <summary>A cancellation code spelt out: "4 K Q 7 A B".</summary>
    public static Announcement Code(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var fragments = code.ToUpperInvariant().Select(c => c switch
        {
            >= '0' and <= '9' => AnnouncementFragments.Cardinal(c - '0'),
            _ when AnnouncementFragments.CodeLetters.Contains(c, StringComparison.Ordinal) => AnnouncementFragments.Letter(c),
            _ => throw new ArgumentException($"'{c}' is not a character of cancellation codes.", nameof(code)),
        }).ToList();
        return new(string.Join(' ', code.ToUpperInvariant().ToCharArray()), fragments);
    }

    /// <summary>One slot offered in a list: "mardi 24 novembre entre 14 heures et 14 heures 30, tapez 1".</summary>
    public static Announcement SlotChoice(LocalDateTime start, LocalDateTime end, int key)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(key, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key, 9);
        var slot = Slot(start, end);
        return new($"{slot.Text}, tapez {key}", [.. slot.FragmentIds, AnnouncementFragments.Press, AnnouncementFragments.Cardinal(key)]);
    }

    /// <summary>"pour annuler votre rendez-vous de mardi 24 novembre entre 14 heures et 14 heures 30, tapez 1. Pour le conserver, tapez 2."</summary>
    public static Announcement CancelOrKeep(LocalDateTime start, LocalDateTime end)
    {
        var slot = Slot(start, end);
        return new($"pour annuler votre rendez-vous de {slot.Text}, tapez 1. Pour le conserver, tapez 2.",
            [AppointmentFragments.ToCancel, .. slot.FragmentIds, AppointmentFragments.CancelOrKeep]);
    }

    /// <summary>A fragment said as it is, its text from the catalogue.</summary>
    public static Announcement Fragment(string fragmentId) => new(AnnouncementFragments.All[fragmentId], [fragmentId]);

    /// <summary>Announcements one after the other.</summary>
    public static Announcement Join(params Announcement[] parts) =>
        new(string.Join(' ', parts.Select(p => p.Text)), parts.SelectMany(p => p.FragmentIds).ToList());
}
