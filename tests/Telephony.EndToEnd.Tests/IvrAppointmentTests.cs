using System.Globalization;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Appointments and callbacks by keypad on the real CNAV line, with sipp as the citizen (keys as SIP INFO, so that the
/// same key twice is two presses): a slot booked with the number confirmed, and its SMS; a premium caller ID and a
/// keyed foreign number refused with the reason (noted in the call's path) and nothing stored; an appointment
/// cancelled by calling again, its reminder withdrawn.
/// </summary>
public sealed class IvrAppointmentTests(ITestOutputHelper output)
{
    /// <summary>Welcome (1.7 s, no barge-in), then « Autre demande, 3 » in the main menu and « rendez-vous, 4 ».</summary>
    private static readonly KeyPress[] ToAppointments =
    [
        new('3', TimeSpan.FromMilliseconds(2500), ViaSipInfo: true),
        new('4', TimeSpan.FromMilliseconds(1500), ViaSipInfo: true),
    ];

    [KannelFact]
    public async Task A_caller_books_the_first_slot_read_out_for_the_confirmed_caller_id_and_gets_the_sms_with_the_code()
    {
        await using var kannel = await KannelGateway.StartNewAsync();
        await using var server = await ServerProcess.StartAsync(BookingSmsTests.SmsSettingsFor(kannel));
        using var citizen = new BookingClient(server.HttpPort);
        var first = (await citizen.SlotsAsync("3960", "retraite"))[0];

        // 1 confirms « 0 6 1 2 3 4 5 6 7 8 », then 1 chooses the first slot; the code is read out, then the goodbye.
        var scenario = DtmfCallScenario.Write(
            [.. ToAppointments, new KeyPress('1', TimeSpan.FromSeconds(2), ViaSipInfo: true), new KeyPress('1', TimeSpan.FromSeconds(3), ViaSipInfo: true)],
            TimeSpan.Zero, serviceHangsUp: true, byeWithin: TimeSpan.FromSeconds(45));
        var sipp = await Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(80));

        try
        {
            Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var booked = await database.QuerySingleAsync<(string SlotStart, string Channel, string State, string Phone, string Code)>(
                "SELECT slot_start, channel, state, phone_number, code FROM appointments");
            Assert.Equal(
                DateTimeOffset.Parse(first.GetProperty("start").GetString()!, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(booked.SlotStart, CultureInfo.InvariantCulture));
            Assert.Equal(("ivr", "booked", "+33612345678"), (booked.Channel, booked.State, booked.Phone));
            var sms = Assert.Single(await kannel.WaitForAsync(m => m.To == "+33612345678", count: 1, TimeSpan.FromSeconds(30)));
            Assert.Equal($"Votre rendez-vous téléphonique Assurance retraite (CNAV) : {first.GetProperty("text").GetString()}. Code d'annulation : {booked.Code}.", sms.Text);
            var path = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<string>("SELECT path FROM call_records WHERE ended_at IS NOT NULL"));
            Assert.Contains("other-menu>appointment-check>book-appointment>book-appointment:booked>appointment-goodbye", path, StringComparison.Ordinal);
            var metrics = await server.GetMetricsTextAsync();
            Assert.Contains("telephony_appointments_total{network=\"CNAV\",line=\"3960\",result=\"booked\"} 1", metrics, StringComparison.Ordinal);
            Assert.DoesNotContain("612345678", server.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task A_premium_caller_id_is_refused_for_a_callback_with_the_reason_and_nothing_is_stored()
    {
        await using var server = await ServerProcess.StartAsync();
        using (var closed = await server.AdminAsync(HttpMethod.Put, "/admin/lines/cnav/override", JsonContent.Create(new { mode = "closed", message = "formation" })))
        {
            closed.EnsureSuccessStatusCode();
        }

        // Welcome and closure message take no keys; 1 accepts the callback offer; the caller hears why and hangs up.
        var scenario = DtmfCallScenario.Write([new KeyPress('1', TimeSpan.FromSeconds(9), ViaSipInfo: true)], TimeSpan.FromSeconds(8), callerNumber: "0899123456");
        var sipp = await Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));

        try
        {
            Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var path = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<string>("SELECT path FROM call_records WHERE ended_at IS NOT NULL"));
            Assert.Contains("callback-offer>callback-offer:numero-surtaxe", path, StringComparison.Ordinal);
            Assert.Equal(0, await database.QuerySingleAsync<int>("SELECT COUNT(*) FROM callback_requests"));
            Assert.DoesNotContain("899123456", server.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task A_keyed_foreign_number_is_refused_for_an_appointment_with_the_reason_and_nothing_is_booked()
    {
        await using var server = await ServerProcess.StartAsync();
        // 2: another number than the caller ID; then a London number, 00 44..., ended by #.
        var keyed = "00442071234567#".Select((key, i) => new KeyPress(key, TimeSpan.FromMilliseconds(i == 0 ? 2000 : 400), ViaSipInfo: true));
        var scenario = DtmfCallScenario.Write(
            [.. ToAppointments, new KeyPress('2', TimeSpan.FromSeconds(2), ViaSipInfo: true), .. keyed], TimeSpan.FromSeconds(4));
        var sipp = await Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(60));

        try
        {
            Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var path = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<string>("SELECT path FROM call_records WHERE ended_at IS NOT NULL"));
            Assert.EndsWith("appointment-check>book-appointment>book-appointment:numero-etranger", path, StringComparison.Ordinal);
            Assert.Equal(0, await database.QuerySingleAsync<int>("SELECT COUNT(*) FROM appointments"));
            Assert.DoesNotContain("2071234567", server.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [KannelFact]
    public async Task Calling_again_offers_to_cancel_the_appointment_and_1_cancels_it_and_withdraws_its_reminder()
    {
        await using var kannel = await KannelGateway.StartNewAsync();
        await using var server = await ServerProcess.StartAsync(BookingSmsTests.SmsSettingsFor(kannel));
        using var citizen = new BookingClient(server.HttpPort);
        var slot = (await citizen.SlotsAsync("3960", "retraite"))
            .First(s => DateTimeOffset.Parse(s.GetProperty("start").GetString()!, CultureInfo.InvariantCulture) > DateTimeOffset.Now.AddDays(2));
        var booked = await citizen.BookAsync("3960", "retraite", "06 12 34 56 78", slot.GetProperty("start").GetString()!);
        Assert.True(booked.Status == 201, booked.Text);

        // « Pour annuler votre rendez-vous de ..., tapez 1 »: 1, then « votre rendez-vous est annulé » and the goodbye.
        var scenario = DtmfCallScenario.Write(
            [.. ToAppointments, new KeyPress('1', TimeSpan.FromSeconds(2), ViaSipInfo: true)], TimeSpan.Zero, serviceHangsUp: true);
        var sipp = await Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(60));

        try
        {
            Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            Assert.Equal("cancelled", await database.QuerySingleAsync<string>("SELECT state FROM appointments"));
            Assert.Equal("cancelled", await database.QuerySingleAsync<string>("SELECT state FROM sms_outbox WHERE kind = 'reminder'"));
            var path = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<string>("SELECT path FROM call_records WHERE ended_at IS NOT NULL"));
            Assert.Contains("appointment-check>appointment-check:cancelled>appointment-goodbye", path, StringComparison.Ordinal);
            var places = (await citizen.SlotsAsync("3960", "retraite")).Single(s => s.GetProperty("start").GetString() == slot.GetProperty("start").GetString());
            Assert.Equal(slot.GetProperty("remaining").GetInt32(), places.GetProperty("remaining").GetInt32());
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }
}
