using NodaTime;

namespace Telephony.Ivr.Tests;

/// <summary>Slots read out by the IVR (text and fragments) and written for the page and the SMS, in French.</summary>
public sealed class AppointmentWordsTests
{
    [Fact]
    public void A_slot_is_read_out_with_its_day_and_both_times()
    {
        var spoken = FrenchAnnouncements.Slot(new LocalDateTime(2026, 11, 24, 14, 0), new LocalDateTime(2026, 11, 24, 14, 30));

        Assert.Equal("mardi 24 novembre entre 14 heures et 14 heures 30", spoken.Text);
        Assert.Equal(["jour-mardi", "n-24", "mois-11", "entre", "n-14", "heures", "et", "n-14", "heures", "n-30"], spoken.FragmentIds);
    }

    [Theory]
    [InlineData(2026, 12, 1, 9, 0, 9, 45, "mardi 1er décembre entre 9 heures et 9 heures 45")]
    [InlineData(2026, 3, 29, 1, 30, 3, 0, "dimanche 29 mars entre 1 heure 30 et 3 heures")]
    [InlineData(2026, 5, 4, 21, 0, 21, 31, "lundi 4 mai entre 21 heures et 21 heures 31")]
    public void Days_and_hours_agree_as_french_wants(int year, int month, int day, int h1, int m1, int h2, int m2, string expected)
    {
        var spoken = FrenchAnnouncements.Slot(new LocalDateTime(year, month, day, h1, m1), new LocalDateTime(year, month, day, h2, m2));

        Assert.Equal(expected, spoken.Text);
    }

    [Fact]
    public void Feminine_numbers_and_the_first_of_the_month_use_their_own_fragments()
    {
        var spoken = FrenchAnnouncements.Slot(new LocalDateTime(2026, 12, 1, 21, 0), new LocalDateTime(2026, 12, 1, 21, 31));

        Assert.Equal(["jour-mardi", "ord-1", "mois-12", "entre", "nf-21", "heures", "et", "nf-21", "heures", "nf-31"], spoken.FragmentIds);
    }

    [Fact]
    public void Every_fragment_a_slot_can_use_is_in_the_catalogue_and_has_its_wav()
    {
        var start = new LocalDateTime(2026, 1, 1, 0, 0);
        var used = Enumerable.Range(0, 24 * 60 / 5)
            .SelectMany(i => FrenchAnnouncements.Slot(start.PlusMinutes(i * 5 + i / 3), start.PlusMinutes(i * 5 + i / 3 + 35)).FragmentIds)
            .ToHashSet();

        Assert.DoesNotContain(used, id => !AnnouncementFragments.All.ContainsKey(id));
        var root = Path.Combine(RepoPaths.IvrScripts, "prompts");
        Assert.True(File.Exists(AnnouncementFragments.PathIn(root, AnnouncementFragments.Between)));
        Assert.True(File.Exists(AnnouncementFragments.PathIn(root, AnnouncementFragments.And)));
    }

    [Theory]
    [InlineData(14, 0, 14, 30, "mardi 24 novembre entre 14 h et 14 h 30")]
    [InlineData(9, 0, 9, 5, "mardi 24 novembre entre 9 h et 9 h 05")]
    public void A_slot_is_written_the_french_way(int h1, int m1, int h2, int m2, string expected) =>
        Assert.Equal(expected, WrittenSlots.Slot(new LocalDateTime(2026, 11, 24, h1, m1), new LocalDateTime(2026, 11, 24, h2, m2)));

    [Fact]
    public void The_old_date_and_time_announcement_reads_as_before() =>
        Assert.Equal("mardi 1er décembre à 1 heure", FrenchAnnouncements.DateAndTime(new LocalDateTime(2026, 12, 1, 1, 0)).Text);
}
