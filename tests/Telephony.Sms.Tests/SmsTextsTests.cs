namespace Telephony.Sms.Tests;

public sealed class SmsTextsTests
{
    // Tuesday 24 November 2026, 14:00-14:30 in Paris (UTC+1 in winter).
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 13, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddMinutes(30);

    [Fact]
    public void The_confirmation_reads_as_the_issue_writes_it()
    {
        Assert.Equal(
            "Votre rendez-vous téléphonique CNAV : mardi 24 novembre entre 14 h et 14 h 30. Code d'annulation : 4KQ7.",
            SmsTexts.Confirmation("CNAV", Start, End, "4KQ7"));
    }

    [Fact]
    public void The_reminder_names_the_day_rather_than_tomorrow_since_a_retry_may_pass_midnight()
    {
        Assert.Equal(
            "Rappel : votre rendez-vous téléphonique CAF est le mardi 24 novembre entre 14 h et 14 h 30. Code d'annulation : 9ZX2.",
            SmsTexts.Reminder("CAF", Start, End, "9ZX2"));
    }

    [Fact]
    public void The_failed_callback_text_gives_the_number_to_call()
    {
        Assert.Equal(
            "CNAV : nous avons essayé de vous rappeler sans parvenir à vous joindre. Appelez-nous au 3960.",
            SmsTexts.CallbackFailed("CNAV", "3960"));
    }

    [Fact]
    public void Summer_times_are_in_paris_summer_time()
    {
        // 4 August 2026 07:05 UTC is 9 h 05 in Paris (UTC+2).
        var start = new DateTimeOffset(2026, 8, 4, 7, 5, 0, TimeSpan.Zero);

        Assert.Equal("mardi 4 août à 9 h 05", SmsTexts.When(start, end: null));
    }

    [Fact]
    public void The_first_of_the_month_is_1er()
    {
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal("mardi 1er décembre entre 10 h et 10 h 15", SmsTexts.When(start, start.AddMinutes(15)));
    }

    [Fact]
    public void An_end_on_another_day_or_before_the_start_gives_the_start_only()
    {
        Assert.Equal("mardi 24 novembre à 14 h", SmsTexts.When(Start, Start.AddDays(1)));
        Assert.Equal("mardi 24 novembre à 14 h", SmsTexts.When(Start, Start.AddMinutes(-5)));
    }

    [Theory]
    [InlineData("CNAV")]
    [InlineData("France Travail")]
    [InlineData("DGFiP")]
    public void Every_text_fits_one_gsm_segment_for_the_shipped_networks(string service)
    {
        foreach (var text in new[]
        {
            SmsTexts.Confirmation(service, Start, End, "4KQ7"),
            SmsTexts.Reminder(service, Start, End, "4KQ7"),
            SmsTexts.CallbackFailed(service, "09 72 72 39 49"),
        })
        {
            var shape = SmsShape.Of(text);
            Assert.True(shape is { Coding: SmsCoding.Gsm7, Segments: 1 }, $"{text}: {shape}");
        }
    }

    [Fact]
    public void An_august_reminder_needs_ucs2_and_two_segments()
    {
        var august = new DateTimeOffset(2026, 8, 4, 12, 0, 0, TimeSpan.Zero);

        var shape = SmsShape.Of(SmsTexts.Reminder("CNAV", august, august.AddMinutes(30), "4KQ7"));

        Assert.Equal((SmsCoding.Ucs2, 2), (shape.Coding, shape.Segments));
    }
}
