using NodaTime;

namespace Telephony.Ivr.Tests;

/// <summary>The French holiday calendar and opening hours in Europe/Paris, including across daylight-saving changes.</summary>
public sealed class OpeningHoursTests
{
    private static OpeningHours Cnav => ShippedScripts.Get("cnav").OpeningHours!;

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2038, 4, 25)]
    public void Easter_sunday_is_computed(int year, int month, int day) =>
        Assert.Equal(new LocalDate(year, month, day), FrenchPublicHolidays.EasterSunday(year));

    [Fact]
    public void The_eleven_holidays_of_2026_include_the_movable_ones()
    {
        var holidays = FrenchPublicHolidays.HolidaysOf(2026);

        Assert.Equal(11, holidays.Count);
        Assert.Equal("Lundi de Pâques", holidays[new LocalDate(2026, 4, 6)]);
        Assert.Equal("Ascension", holidays[new LocalDate(2026, 5, 14)]);
        Assert.Equal("Lundi de Pentecôte", holidays[new LocalDate(2026, 5, 25)]);
        Assert.False(FrenchPublicHolidays.IsHoliday(new LocalDate(2026, 4, 3)));
    }

    [Theory]
    // Friday 29 March 2024, still winter time (UTC+1): 06:45Z is 07:45 in Paris, before the 08:00 opening.
    [InlineData("2024-03-29T06:45:00Z", false)]
    [InlineData("2024-03-29T07:15:00Z", true)]
    // Sunday 31 March 2024 is both Easter and the switch to summer time; Monday 1 April, Easter Monday, is closed all day.
    [InlineData("2024-04-01T07:15:00Z", false)]
    // Tuesday 2 April 2024, summer time (UTC+2): 06:15Z is already 08:15 in Paris; 15:15Z is 17:15, after closing.
    [InlineData("2024-04-02T06:15:00Z", true)]
    [InlineData("2024-04-02T14:59:00Z", true)]
    [InlineData("2024-04-02T15:15:00Z", false)]
    // Back to winter time on 27 October 2024: 16:30Z on Monday 28 October is 17:30 in Paris, closed; 15:30Z open.
    [InlineData("2024-10-28T15:30:00Z", true)]
    [InlineData("2024-10-28T16:30:00Z", false)]
    public void Cnav_hours_follow_paris_wall_clock_time_and_holidays_across_daylight_saving_changes(string utc, bool open) =>
        Assert.Equal(open, Cnav.IsOpen(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Exceptional_closures_and_weekends_are_closed_and_17_00_sharp_is_closed()
    {
        Assert.False(Cnav.IsOpen(FixedTime.Paris(2026, 12, 24, 10, 0).GetUtcNow()));
        Assert.True(Cnav.IsOpen(FixedTime.Paris(2026, 12, 23, 10, 0).GetUtcNow()));
        Assert.False(Cnav.IsOpen(FixedTime.Paris(2026, 12, 26, 10, 0).GetUtcNow()));
        Assert.False(Cnav.IsOpen(FixedTime.Paris(2026, 12, 23, 17, 0).GetUtcNow()));
        Assert.True(Cnav.IsOpen(FixedTime.Paris(2026, 12, 23, 16, 59).GetUtcNow()));
    }
}
