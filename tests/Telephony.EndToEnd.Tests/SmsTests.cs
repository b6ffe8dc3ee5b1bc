using Telephony.EndToEnd.Tests.Infrastructure;
using Telephony.Sms;
using Telephony.Storage;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// SMS to citizens through a real Kannel: the SMS component stores, its worker sends through smsbox's sendsms, and the
/// test reads what reached Kannel's fake SMSC, where an operator's SMSC would be.
/// </summary>
public sealed class SmsTests
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    private static AppointmentSms Appointment(string id, string number, DateTimeOffset start, string code) => new()
    {
        AppointmentId = id,
        Network = "CNAV",
        PhoneNumber = number,
        SlotStart = start,
        SlotEnd = start.AddMinutes(30),
        CancellationCode = code,
    };

    [KannelFact]
    public async Task A_booking_confirmation_reaches_the_smsc_with_the_number_and_its_accents_intact_in_gsm_and_in_ucs2()
    {
        await using var kannel = await KannelGateway.StartNewAsync();
        // Friday 31 July 2026, 10:00 in Paris.
        var clock = new ShiftedClock(new DateTimeOffset(2026, 7, 31, 8, 0, 0, TimeSpan.Zero));
        await using var sms = await SmsComponent.StartAsync(await SmsComponent.NewSqliteDatabaseAsync(), SmsComponent.SettingsFor(kannel), clock);

        var november = await sms.Notifications.AppointmentBookedAsync(
            Appointment("rdv-nov", "06 12 34 56 78", new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero), "4KQ7"));
        var august = await sms.Notifications.AppointmentBookedAsync(
            Appointment("rdv-aug", "+33 7 81 23 45 67", new DateTimeOffset(2026, 8, 4, 7, 30, 0, TimeSpan.Zero), "8HW3"));

        Assert.Equal(new AppointmentSmsOutcome(SmsOutcome.Queued, SmsOutcome.Queued), november);
        Assert.Equal(new AppointmentSmsOutcome(SmsOutcome.Queued, SmsOutcome.Queued), august);
        var received = await kannel.WaitForAsync(_ => true, count: 2, Delivery);
        var gsm = Assert.Single(received, m => m.To == "+33612345678");
        Assert.Equal(("CNAV", "Votre rendez-vous téléphonique CNAV : mardi 24 novembre entre 14 h et 14 h 30. Code d'annulation : 4KQ7.", 1),
            (gsm.From, gsm.Text, gsm.Parts));
        // "août" is not in the GSM alphabet: UCS-2, 70 characters a part, so two concatenated parts.
        var ucs2 = Assert.Single(received, m => m.To == "+33781234567");
        Assert.Equal(("CNAV", "Votre rendez-vous téléphonique CNAV : mardi 4 août entre 9 h 30 et 10 h. Code d'annulation : 8HW3.", 2),
            (ucs2.From, ucs2.Text, ucs2.Parts));
        Assert.Equal(2, await sms.CountAsync("CNAV", "confirmation", "sent"));
    }

    [KannelFact]
    public async Task With_kannel_down_at_first_the_sms_is_retried_and_arrives_once_kannel_is_up_and_the_retries_are_counted()
    {
        await using var kannel = KannelGateway.Create(); // ports chosen, nothing listening yet
        await using var sms = await SmsComponent.StartAsync(await SmsComponent.NewSqliteDatabaseAsync(), SmsComponent.SettingsFor(kannel), TimeProvider.System);

        var outcome = await sms.Notifications.CallbackFailedAsync(new CallbackFailedSms
        {
            CallbackId = "cb-down",
            Network = "CNAV",
            PhoneNumber = "0698765432",
            CallAgainNumber = "3960",
        });
        Assert.Equal(SmsOutcome.Queued, outcome);
        var retried = await Eventually.ReadAsync(() => sms.CountAsync("CNAV", "callback_failed", "retried"), n => n >= 1);
        Assert.True(retried >= 1, "the refused connection was not counted as a retry");
        // Pending, or being tried again (the retry is counted a moment before it is recorded): not sent.
        Assert.Contains((await sms.Repository.FindAsync("callback_failed", "cb-down", CancellationToken.None))!.State, new[] { SmsStates.Pending, SmsStates.Sending });

        await kannel.StartAsync();

        var message = Assert.Single(await kannel.WaitForAsync(m => m.To == "+33698765432", count: 1, Delivery));
        Assert.Equal("CNAV : nous avons essayé de vous rappeler sans parvenir à vous joindre. Appelez-nous au 3960.", message.Text);
        var row = await Eventually.ReadAsync(() => sms.Repository.FindAsync("callback_failed", "cb-down", CancellationToken.None), r => r?.State == SmsStates.Sent);
        Assert.Equal(SmsStates.Sent, row!.State);
        Assert.True(row.Attempts >= 2, $"sent at attempt {row.Attempts}, so no attempt failed while Kannel was down");
        Assert.Equal(1, await sms.CountAsync("CNAV", "callback_failed", "sent"));
        Assert.Equal(row.Attempts - 1, await sms.CountAsync("CNAV", "callback_failed", "retried"));
        Assert.Equal(0, await sms.CountAsync("CNAV", "callback_failed", "failed"));
    }

    [KannelFact]
    public async Task Due_reminders_are_sent_once_each_with_two_schedulers_racing_on_sqlite() =>
        await RemindersRaceAsync(await SmsComponent.NewSqliteDatabaseAsync());

    [KannelFact(needsPostgres: true)]
    public async Task Due_reminders_are_sent_once_each_with_two_schedulers_racing_on_postgres() =>
        await RemindersRaceAsync(await SmsComponent.NewPostgresDatabaseAsync());

    [EndToEndFact]
    public async Task A_server_with_a_gateway_says_so_on_health_and_exports_each_networks_sms_series_at_zero()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Sms:GatewayUrl"] = "http://127.0.0.1:13013/cgi-bin/sendsms",
            ["Sms:Username"] = "telephony",
            ["Sms:Password"] = "not-in-health",
            ["Sms:Sender"] = "CNAV",
        });

        var health = await server.Http.GetStringAsync("/health");
        var metrics = await server.GetMetricsTextAsync();

        Assert.Contains("Kannel at http://127.0.0.1:13013/cgi-bin/sendsms as CNAV", health, StringComparison.Ordinal);
        Assert.DoesNotContain("not-in-health", health, StringComparison.Ordinal);
        foreach (var network in new[] { "CNAV", "CAF", "DGFIP", "FRANCE_TRAVAIL" })
        {
            Assert.Contains($"telephony_sms_total{{network=\"{network}\",kind=\"reminder\",result=\"failed\"}} 0", metrics, StringComparison.Ordinal);
        }
    }

    [EndToEndFact]
    public async Task A_bad_sms_setting_stops_the_start_up_naming_its_key()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Sms:GatewayUrl"] = "http://127.0.0.1:13013/cgi-bin/sendsms",
            ["Sms:Username"] = "telephony",
            ["Sms:Password"] = "not-in-the-message",
            ["Sms:Sender"] = "ASSURANCERETRAITE",
        }));

        Assert.Contains("Sms:Sender 'ASSURANCERETRAITE' must be at most 11", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-in-the-message", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two component instances (two nodes) on one database, 10 s before the reminders' hour the evening before 20
    /// appointments: both poll every 200 ms, and each reminder must reach the SMSC exactly once.
    /// </summary>
    private static async Task RemindersRaceAsync(StorageOptions database)
    {
        const int appointments = 20;
        await using var kannel = await KannelGateway.StartNewAsync();
        // Tuesday 24 November 2026 at 17:59:50 in Paris; the appointments are on Wednesday at 10:00.
        var clock = new ShiftedClock(new DateTimeOffset(2026, 11, 24, 16, 59, 50, TimeSpan.Zero));
        var wednesday10 = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        await using var first = await SmsComponent.StartAsync(database, SmsComponent.SettingsFor(kannel), clock);
        await using var second = await SmsComponent.StartAsync(database, SmsComponent.SettingsFor(kannel), clock);

        for (var i = 0; i < appointments; i++)
        {
            var booking = i % 2 == 0 ? first : second;
            var outcome = await booking.Notifications.AppointmentBookedAsync(Appointment($"rdv-{i}", $"+336123456{i:00}", wednesday10, $"K{i:00}"));
            Assert.Equal(new AppointmentSmsOutcome(SmsOutcome.Queued, SmsOutcome.Queued), outcome);
        }

        static bool IsReminder(FakeSmscMessage m) => m.Text.StartsWith("Rappel : ", StringComparison.Ordinal);
        await kannel.WaitForAsync(IsReminder, appointments, Delivery);
        // Both schedulers have looked at the outbox again since the last reminder arrived: a second copy would be on its way.
        await Task.WhenAll(first.PolledAgainAsync(), second.PolledAgainAsync());
        await kannel.WaitForAsync(m => !IsReminder(m), appointments, Delivery);

        var reminders = kannel.Received.Where(IsReminder).ToList();
        Assert.Equal(appointments, reminders.Count);
        Assert.Equal(appointments, reminders.Select(m => m.To).Distinct().Count());
        Assert.Equal(appointments, kannel.Received.Count(m => !IsReminder(m)));
        Assert.Equal("Rappel : votre rendez-vous téléphonique CNAV est le mercredi 25 novembre entre 10 h et 10 h 30. Code d'annulation : K07.",
            Assert.Single(reminders, m => m.To == "+33612345607").Text);
        for (var i = 0; i < appointments; i++)
        {
            var row = await first.Repository.FindAsync("reminder", $"rdv-{i}", CancellationToken.None);
            Assert.Equal((SmsStates.Sent, 1), (row!.State, row.Attempts));
        }

        var sentByFirst = await first.CountAsync("CNAV", "reminder", "sent");
        var sentBySecond = await second.CountAsync("CNAV", "reminder", "sent");
        Assert.Equal(appointments, sentByFirst + sentBySecond);
    }
}
