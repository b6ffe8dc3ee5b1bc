using Telephony.Calls.Appointments;
using Telephony.Ivr;
using Telephony.Server.Booking;

namespace Telephony.Server.Tests.Booking;

/// <summary>
/// The public booking API's answers on a stopped clock: slots from the shipped CNAV hours and staffing, every bad
/// request named by its field, 404 for what takes no appointments, 409 for a full slot, cancellation that never tells
/// whether a code exists, and the notification hook told of each booking (and unable to break one).
/// </summary>
public sealed class BookingApiTests
{
    // Monday 23 November 2026, 08:00 in Paris: with CNAV's hour of notice, the first slot starts at 09:00 (08:00Z).
    private const string FirstSlot = "2026-11-23T09:00:00+01:00";

    [Fact]
    public async Task The_slots_of_a_reason_come_from_the_line_s_hours_and_the_queue_s_staffing()
    {
        await using var api = await BookingApiUnderTest.StartAsync();

        var (status, body) = await api.SendAsync(HttpMethod.Get, "/api/rendez-vous/creneaux?ligne=3960&motif=retraite");

        Assert.Equal(200, status);
        var slots = body.GetProperty("slots").EnumerateArray().ToList();
        Assert.Equal(FirstSlot, slots[0].GetProperty("start").GetString());
        Assert.Equal("2026-11-23T09:30:00+01:00", slots[0].GetProperty("end").GetString());
        Assert.Equal("lundi 23 novembre entre 9 h et 9 h 30", slots[0].GetProperty("text").GetString());
        Assert.Equal("lundi 23 novembre entre 9 heures et 9 heures 30", slots[0].GetProperty("spoken").GetString());
        Assert.Equal(4, slots[0].GetProperty("remaining").GetInt32());
        // 08:00-17:00 in half hours, from 09:00 today; then the 10 days ahead, weekdays only (3 December is the last).
        Assert.Equal(16 + (8 * 18), slots.Count);
        Assert.Equal("2026-12-03T16:30:00+01:00", slots[^1].GetProperty("start").GetString());
        Assert.Equal("Europe/Paris", body.GetProperty("timeZone").GetString());
    }

    [Theory]
    [InlineData("/api/rendez-vous/creneaux?motif=retraite", 400, "ligne")]
    [InlineData("/api/rendez-vous/creneaux?ligne=3999&motif=retraite", 404, "ligne")]
    [InlineData("/api/rendez-vous/creneaux?ligne=3960", 400, "motif")]
    [InlineData("/api/rendez-vous/creneaux?ligne=3960&motif=impots", 404, "motif")]
    public async Task A_slot_list_request_names_what_is_missing_or_unknown(string path, int expectedStatus, string field)
    {
        await using var api = await BookingApiUnderTest.StartAsync();

        var (status, body) = await api.SendAsync(HttpMethod.Get, path);

        Assert.Equal((expectedStatus, field), (status, body.GetProperty("field").GetString()));
    }

    [Theory]
    [InlineData("""{"reason":"retraite","number":"0612345678","slot":"2026-11-23T09:00:00+01:00"}""", 400, "line")]
    [InlineData("""{"line":"3960","reason":"retraite","slot":"2026-11-23T09:00:00+01:00"}""", 400, "number")]
    [InlineData("""{"line":"3960","reason":"retraite","number":"0612345678","slot":"2026-11-23T09:00:00+01:00","email":"a@b.fr"}""", 400, "email")]
    [InlineData("""{"line":3960,"reason":"retraite","number":"0612345678","slot":"2026-11-23T09:00:00+01:00"}""", 400, "line")]
    [InlineData("""[1]""", 400, "body")]
    [InlineData("""{"line":""", 400, "body")]
    [InlineData("""{"line":"3999","reason":"retraite","number":"0612345678","slot":"2026-11-23T09:00:00+01:00"}""", 404, "line")]
    [InlineData("""{"line":"3960","reason":"impots","number":"0612345678","slot":"2026-11-23T09:00:00+01:00"}""", 404, "reason")]
    [InlineData("""{"line":"3960","reason":"retraite","number":"0612345678","slot":"lundi 9 h"}""", 400, "slot")]
    [InlineData("""{"line":"3960","reason":"retraite","number":"0899123456","slot":"2026-11-23T09:00:00+01:00"}""", 400, "number")]
    [InlineData("""{"line":"3960","reason":"retraite","number":"+442071234567","slot":"2026-11-23T09:00:00+01:00"}""", 400, "number")]
    [InlineData("""{"line":"3960","reason":"retraite","number":"3949","slot":"2026-11-23T09:00:00+01:00"}""", 400, "number")]
    [InlineData("""{"line":"3960","reason":"retraite","number":"0612345678","slot":"2026-11-23T09:10:00+01:00"}""", 400, "slot")]
    [InlineData("""{"line":"3960","reason":"retraite","number":"0612345678","slot":"2026-11-23T08:30:00+01:00"}""", 400, "slot")]
    [InlineData("""{"line":"3960","reason":"retraite","number":"0612345678","slot":"2026-11-28T10:00:00+01:00"}""", 400, "slot")]
    [InlineData("""{"line":"3960","reason":"retraite","number":"0612345678","slot":"2026-12-04T10:00:00+01:00"}""", 400, "slot")]
    public async Task A_bad_booking_is_refused_naming_its_field_and_nothing_is_booked(string json, int expectedStatus, string field)
    {
        await using var api = await BookingApiUnderTest.StartAsync();

        var (status, body) = await api.SendAsync(HttpMethod.Post, "/api/rendez-vous", json);
        var (_, slots) = await api.SendAsync(HttpMethod.Get, "/api/rendez-vous/creneaux?ligne=3960&motif=retraite");

        Assert.Equal((expectedStatus, field), (status, body.GetProperty("field").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
        Assert.Equal(4, slots.GetProperty("slots")[0].GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task A_booking_gets_a_code_asking_again_shows_it_without_the_code_and_a_full_slot_is_a_conflict()
    {
        await using var api = await BookingApiUnderTest.StartAsync();

        // cnav.paiements takes 2 appointments a slot; a slot given in UTC names the same slot.
        var first = await api.BookAsync("3960", "paiement", "06 12 34 56 01", "2026-11-23T08:00:00Z");
        var again = await api.BookAsync("3960", "paiement", "+33612345601", "2026-11-24T10:00:00+01:00");
        var second = await api.BookAsync("3960", "paiement", "0612345602", FirstSlot);
        var third = await api.BookAsync("3960", "paiement", "0612345603", FirstSlot);
        var (_, slots) = await api.SendAsync(HttpMethod.Get, "/api/rendez-vous/creneaux?ligne=3960&motif=paiement");

        Assert.Equal(201, first.Status);
        Assert.Matches("^[A-Z2-9]{6}$", first.Body.GetProperty("code").GetString());
        Assert.Equal("lundi 23 novembre entre 9 h et 9 h 30", first.Body.GetProperty("slot").GetProperty("text").GetString());
        Assert.Equal("+336******01", first.Body.GetProperty("number").GetString());
        Assert.Equal(200, again.Status);
        Assert.True(again.Body.GetProperty("existing").GetBoolean());
        Assert.False(again.Body.TryGetProperty("code", out _));
        Assert.Equal(FirstSlot, again.Body.GetProperty("slot").GetProperty("start").GetString());
        Assert.Equal(201, second.Status);
        Assert.Equal((409, "slot"), (third.Status, third.Body.GetProperty("field").GetString()));
        Assert.NotEqual(FirstSlot, slots.GetProperty("slots")[0].GetProperty("start").GetString());
    }

    [Fact]
    public async Task A_cancellation_needs_the_code_and_its_number_and_says_the_same_for_any_wrong_pair()
    {
        await using var api = await BookingApiUnderTest.StartAsync();
        var code = (await api.BookAsync("3960", "retraite", "0612345601", FirstSlot)).Body.GetProperty("code").GetString()!;

        var wrongNumber = await api.SendAsync(HttpMethod.Delete, $"/api/rendez-vous/{code}", """{"number":"0612345602"}""");
        var unknownCode = await api.SendAsync(HttpMethod.Delete, "/api/rendez-vous/ZZZZZZ", """{"number":"0612345601"}""");
        var notACode = await api.SendAsync(HttpMethod.Delete, "/api/rendez-vous/0OIL1", """{"number":"0612345601"}""");
        var noNumber = await api.SendAsync(HttpMethod.Delete, $"/api/rendez-vous/{code}", "{}");
        var cancelled = await api.SendAsync(HttpMethod.Delete, $"/api/rendez-vous/{code.ToLowerInvariant()}", """{"number":"06 12 34 56 01"}""");
        var twice = await api.SendAsync(HttpMethod.Delete, $"/api/rendez-vous/{code}", """{"number":"0612345601"}""");
        var (_, slots) = await api.SendAsync(HttpMethod.Get, "/api/rendez-vous/creneaux?ligne=3960&motif=retraite");

        Assert.Equal(404, wrongNumber.Status);
        Assert.Equal(wrongNumber.Body.GetRawText(), unknownCode.Body.GetRawText());
        Assert.Equal(wrongNumber.Body.GetRawText(), notACode.Body.GetRawText());
        Assert.Equal(wrongNumber.Body.GetRawText(), twice.Body.GetRawText());
        Assert.Equal((400, "number"), (noNumber.Status, noNumber.Body.GetProperty("field").GetString()));
        Assert.Equal(204, cancelled.Status);
        Assert.Equal(4, slots.GetProperty("slots")[0].GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task The_notification_hook_is_told_of_bookings_and_cancellations_with_the_words_of_an_sms()
    {
        var notifications = new RecordingNotifications();
        await using var api = await BookingApiUnderTest.StartAsync(notifications);

        var code = (await api.BookAsync("3960", "retraite", "0612345601", FirstSlot)).Body.GetProperty("code").GetString()!;
        await api.SendAsync(HttpMethod.Delete, $"/api/rendez-vous/{code}", """{"number":"0612345601"}""");

        var (kind, notice) = notifications.Told[0];
        Assert.Equal(["booked", "cancelled"], notifications.Told.Select(t => t.Kind));
        Assert.Equal(
            $"Votre rendez-vous téléphonique CNAV : lundi 23 novembre entre 9 h et 9 h 30. Code d'annulation : {code}.",
            $"Votre rendez-vous téléphonique {notice.Appointment.Network} : {notice.SlotText}. Code d'annulation : {notice.Appointment.Code}.");
        Assert.Equal(("+33612345601", "Assurance retraite (CNAV)", "Préparer mon départ à la retraite"), (notice.Appointment.PhoneNumber, notice.ServiceName, notice.ReasonLabel));
        Assert.Equal("booked", kind);
    }

    [Fact]
    public async Task A_notifier_that_throws_does_not_undo_or_fail_the_booking()
    {
        await using var api = await BookingApiUnderTest.StartAsync(new ThrowingNotifications());

        var booked = await api.BookAsync("3960", "retraite", "0612345601", FirstSlot);
        var again = await api.BookAsync("3960", "retraite", "0612345601", FirstSlot);

        Assert.Equal((201, 200), (booked.Status, again.Status));
    }

    [Fact]
    public async Task The_ivr_finds_the_caller_s_appointment_by_caller_id_and_cancels_it_and_sees_the_same_slots_as_the_page()
    {
        await using var api = await BookingApiUnderTest.StartAsync();
        var booking = api.Booking;
        var line = booking.FindLine("+333960")!;
        var reason = line.Appointments!.FindReason("retraite")!;
        await api.BookAsync("3960", "retraite", "0612345601", FirstSlot);

        var slots = await booking.OpenSlotsAsync(line, reason, CancellationToken.None);
        var found = await booking.FindActiveAsync(line, "06 12 34 56 01", CancellationToken.None);
        var cancelled = await booking.CancelActiveAsync(line, "+33612345601", CancellationToken.None);
        var afterCancel = await booking.FindActiveAsync(line, "+33612345601", CancellationToken.None);

        Assert.Equal(("lundi 23 novembre entre 9 heures et 9 heures 30", 3), (FrenchAnnouncements.Slot(slots[0].LocalStart, slots[0].LocalEnd).Text, slots[0].Remaining));
        Assert.Equal(found!.Id, cancelled!.Id);
        Assert.Null(afterCancel);
        Assert.Null(await booking.FindActiveAsync(line, "anonymous", CancellationToken.None));
    }

    [Fact]
    public async Task Every_line_and_its_reasons_are_listed()
    {
        await using var api = await BookingApiUnderTest.StartAsync();

        var (status, body) = await api.SendAsync(HttpMethod.Get, "/api/rendez-vous/lignes");

        Assert.Equal(200, status);
        Assert.Equal(["3230", "3960", "3646", "0809401401", "3949"], body.EnumerateArray().Select(l => l.GetProperty("line").GetString()));
        Assert.Contains("retraite", body[1].GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("Booking:RateLimit:Burst", 0, "Booking:RateLimit:Burst 0 must be between 1 and 10000 requests.")]
    [InlineData("Booking:RateLimit:PerMinute", -3, "Booking:RateLimit:PerMinute -3 must be between 1 and 60000 requests a minute.")]
    public void A_bad_rate_limit_stops_start_up_naming_its_key(string key, int value, string message)
    {
        var settings = new BookingSettings();
        if (key.EndsWith("Burst", StringComparison.Ordinal))
        {
            settings.RateLimit.Burst = value;
        }
        else
        {
            settings.RateLimit.PerMinute = value;
        }

        Assert.Equal(message, Assert.Throws<InvalidOperationException>(settings.Validate).Message);
    }

    private sealed class RecordingNotifications : IAppointmentNotifications
    {
        public List<(string Kind, AppointmentNotice Notice)> Told { get; } = [];

        public Task BookedAsync(AppointmentNotice notice, CancellationToken ct)
        {
            lock (Told)
            {
                Told.Add(("booked", notice));
            }

            return Task.CompletedTask;
        }

        public Task CancelledAsync(AppointmentNotice notice, CancellationToken ct)
        {
            lock (Told)
            {
                Told.Add(("cancelled", notice));
            }

            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingNotifications : IAppointmentNotifications
    {
        public Task BookedAsync(AppointmentNotice notice, CancellationToken ct) => throw new HttpRequestException("SMS gateway down");

        public Task CancelledAsync(AppointmentNotice notice, CancellationToken ct) => throw new HttpRequestException("SMS gateway down");
    }
}
