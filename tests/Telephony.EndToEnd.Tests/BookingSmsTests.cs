using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// A booking through the public API of a real server reaches the citizen's phone: the confirmation SMS is read at
/// Kannel's fake SMSC, the reminder for the evening before waits in the outbox, and cancelling withdraws it.
/// </summary>
public sealed class BookingSmsTests(ITestOutputHelper output)
{
    [KannelFact]
    public async Task An_api_booking_sends_its_confirmation_through_kannel_stores_the_reminder_and_a_cancellation_withdraws_it()
    {
        await using var kannel = await KannelGateway.StartNewAsync();
        await using var server = await ServerProcess.StartAsync(SmsSettingsFor(kannel));
        using var citizen = new BookingClient(server.HttpPort);
        try
        {
            // Two days ahead at least, so that the reminder's evening (18 h the day before) is still to come.
            var slot = (await citizen.SlotsAsync("3960", "retraite"))
                .First(s => DateTimeOffset.Parse(s.GetProperty("start").GetString()!, CultureInfo.InvariantCulture) > DateTimeOffset.Now.AddDays(2));
            var booked = await citizen.BookAsync("3960", "retraite", "06 12 34 56 78", slot.GetProperty("start").GetString()!);
            Assert.True(booked.Status == 201, booked.Text);
            var code = booked.Json.GetProperty("code").GetString()!;

            var sms = Assert.Single(await kannel.WaitForAsync(m => m.To == "+33612345678", count: 1, TimeSpan.FromSeconds(30)));
            Assert.Equal(
                $"Votre rendez-vous téléphonique Assurance retraite (CNAV) : {slot.GetProperty("text").GetString()}. Code d'annulation : {code}.",
                sms.Text);
            Assert.Equal("CNAV", sms.From);
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            const string Reminder = "SELECT state FROM sms_outbox WHERE kind = 'reminder'";
            Assert.Equal("pending", await database.QuerySingleAsync<string>(Reminder));

            var cancelled = await citizen.CancelAsync(code, "06 12 34 56 78");

            Assert.Equal(204, cancelled.Status);
            Assert.Equal("cancelled", await database.QuerySingleAsync<string>(Reminder));
            Assert.Equal("sent", await database.QuerySingleAsync<string>("SELECT state FROM sms_outbox WHERE kind = 'confirmation'"));
            Assert.DoesNotContain("612345678", server.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            output.WriteLine(kannel.Logs);
            throw;
        }
    }

    /// <summary>The server's <c>Sms:*</c> settings for a test Kannel, retrying fast.</summary>
    internal static Dictionary<string, string> SmsSettingsFor(KannelGateway kannel) => new()
    {
        ["Sms:GatewayUrl"] = kannel.SendSmsUrl,
        ["Sms:Username"] = KannelGateway.Username,
        ["Sms:Password"] = KannelGateway.Password,
        ["Sms:Sender"] = "CNAV",
        ["Sms:RetryDelaySeconds"] = "1",
        ["Sms:RetryMaxDelaySeconds"] = "2",
        ["Sms:PollIntervalSeconds"] = "1",
    };
}
