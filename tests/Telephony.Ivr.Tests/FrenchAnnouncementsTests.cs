using NodaTime;

namespace Telephony.Ivr.Tests;

/// <summary>Dynamic announcements are correct French, and every fragment they play exists in the catalogue.</summary>
public sealed class FrenchAnnouncementsTests
{
    [Theory]
    [InlineData(1, "vous êtes le premier", "vous-etes-le ord-1")]
    [InlineData(2, "vous êtes le 2e", "vous-etes-le ord-2")]
    [InlineData(8, "vous êtes le 8e", "vous-etes-le ord-8")]
    [InlineData(11, "vous êtes le 11e", "vous-etes-le ord-11")]
    [InlineData(30, "vous êtes le 30e", "vous-etes-le ord-30")]
    [InlineData(31, "plus de 30 personnes attendent avant vous", "plus-de n-30 personnes-avant-vous")]
    public void Queue_position_uses_premier_then_ordinals_without_eliding_before_huit_or_onze(int position, string text, string fragments)
    {
        var announcement = FrenchAnnouncements.QueuePosition(position);

        Assert.Equal(text, announcement.Text);
        Assert.Equal(fragments.Split(' '), announcement.FragmentIds);
    }

    [Theory]
    [InlineData(20, "le temps d'attente estimé est de moins d'une minute", "attente-estimee moins-d-une-minute")]
    [InlineData(60, "le temps d'attente estimé est d'une minute", "attente-estimee-une-minute")]
    [InlineData(61, "le temps d'attente estimé est de 2 minutes", "attente-estimee n-2 minutes")]
    [InlineData(120, "le temps d'attente estimé est de 2 minutes", "attente-estimee n-2 minutes")]
    [InlineData(21 * 60, "le temps d'attente estimé est de 21 minutes", "attente-estimee nf-21 minutes")]
    [InlineData(11 * 60, "le temps d'attente estimé est de 11 minutes", "attente-estimee n-11 minutes")]
    [InlineData(3600, "le temps d'attente estimé est de plus d'une heure", "attente-estimee plus-d-une-heure")]
    public void Estimated_wait_agrees_minutes_rounds_up_and_elides_de_before_une(int seconds, string text, string fragments)
    {
        var announcement = FrenchAnnouncements.EstimatedWait(TimeSpan.FromSeconds(seconds));

        Assert.Equal(text, announcement.Text);
        Assert.Equal(fragments.Split(' '), announcement.FragmentIds);
    }

    [Fact]
    public void Date_and_time_reads_like_a_person_would_say_it()
    {
        var announcement = FrenchAnnouncements.DateAndTime(new LocalDateTime(2026, 11, 24, 14, 30));

        Assert.Equal("mardi 24 novembre à 14 heures 30", announcement.Text);
        Assert.Equal(["jour-mardi", "n-24", "mois-11", "a", "n-14", "heures", "n-30"], announcement.FragmentIds);
    }

    [Theory]
    [InlineData(2026, 12, 1, 1, 0, "mardi 1er décembre à 1 heure", "jour-mardi ord-1 mois-12 a nf-1 heure")]
    [InlineData(2026, 5, 4, 21, 1, "lundi 4 mai à 21 heures 1", "jour-lundi n-4 mois-5 a nf-21 heures nf-1")]
    [InlineData(2026, 8, 15, 0, 45, "samedi 15 août à 0 heure 45", "jour-samedi n-15 mois-8 a n-0 heure n-45")]
    public void First_of_the_month_is_premier_and_hours_and_minutes_agree_in_the_feminine(
        int year, int month, int day, int hour, int minute, string text, string fragments)
    {
        var announcement = FrenchAnnouncements.DateAndTime(new LocalDateTime(year, month, day, hour, minute));

        Assert.Equal(text, announcement.Text);
        Assert.Equal(fragments.Split(' '), announcement.FragmentIds);
    }

    [Theory]
    [InlineData(21, false, "vingt et un")]
    [InlineData(21, true, "vingt et une")]
    [InlineData(1, true, "une")]
    [InlineData(11, true, "onze")]
    [InlineData(42, false, "quarante-deux")]
    [InlineData(17, false, "dix-sept")]
    public void Cardinals_are_spelt_with_et_and_hyphens(int n, bool feminine, string words) =>
        Assert.Equal(words, FrenchNumbers.Cardinal(n, feminine));

    [Theory]
    [InlineData(1, "premier")]
    [InlineData(2, "deuxième")]
    [InlineData(5, "cinquième")]
    [InlineData(9, "neuvième")]
    [InlineData(11, "onzième")]
    [InlineData(21, "vingt et unième")]
    [InlineData(30, "trentième")]
    public void Ordinals_follow_the_spelling_rules(int n, string words) => Assert.Equal(words, FrenchNumbers.Ordinal(n));

    [Fact]
    public void Every_fragment_an_announcement_can_use_is_in_the_catalogue_and_has_its_wav()
    {
        var used = Enumerable.Range(1, 40).SelectMany(p => FrenchAnnouncements.QueuePosition(p).FragmentIds)
            .Concat(Enumerable.Range(0, 70).SelectMany(m => FrenchAnnouncements.EstimatedWait(TimeSpan.FromMinutes(m)).FragmentIds))
            .Concat(Enumerable.Range(0, 24 * 60).SelectMany(m => FrenchAnnouncements.DateAndTime(new LocalDateTime(2026, 1, 1, 0, 0).PlusMinutes(m * 31)).FragmentIds))
            .ToHashSet();

        Assert.DoesNotContain(used, id => !AnnouncementFragments.All.ContainsKey(id));
        var root = Path.Combine(RepoPaths.IvrScripts, "prompts");
        Assert.DoesNotContain(AnnouncementFragments.All.Keys, id => !File.Exists(AnnouncementFragments.PathIn(root, id)));
    }
}
