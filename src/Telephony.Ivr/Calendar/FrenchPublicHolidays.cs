using NodaTime;

namespace Telephony.Ivr;

/// <summary>
/// The eleven public holidays of metropolitan France (Code du travail, art. L3133-1). Alsace-Moselle's Good Friday
/// and 26 December are not included: none of the national lines follows the local law.
/// </summary>
public static class FrenchPublicHolidays
{
    public static bool IsHoliday(LocalDate date) => HolidaysOf(date.Year).ContainsKey(date);

    /// <summary>Every holiday of a year with its French name.</summary>
    public static IReadOnlyDictionary<LocalDate, string> HolidaysOf(int year)
    {
        var easter = EasterSunday(year);
        return new Dictionary<LocalDate, string>
        {
            [new LocalDate(year, 1, 1)] = "Jour de l'an",
            [easter.PlusDays(1)] = "Lundi de Pâques",
            [new LocalDate(year, 5, 1)] = "Fête du Travail",
            [new LocalDate(year, 5, 8)] = "Victoire 1945",
            [easter.PlusDays(39)] = "Ascension",
            [easter.PlusDays(50)] = "Lundi de Pentecôte",
            [new LocalDate(year, 7, 14)] = "Fête nationale",
            [new LocalDate(year, 8, 15)] = "Assomption",
            [new LocalDate(year, 11, 1)] = "Toussaint",
            [new LocalDate(year, 11, 11)] = "Armistice 1918",
            [new LocalDate(year, 12, 25)] = "Noël",
        };
    }

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus).</summary>
    public static LocalDate EasterSunday(int year)
    {
        if (year is < 1583 or > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "Gregorian years only.");
        }

        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new LocalDate(year, month, day);
    }
}
