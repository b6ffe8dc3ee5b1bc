using Npgsql;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// The public booking API of a real server process, as a citizen's app uses it: slots, a booking with its code, the
/// number's existing appointment, a bad number named, cancellation; the rate limit per client address; and two server
/// processes on one PostgreSQL racing for the last place of a slot, of which exactly one booking wins.
/// </summary>
public sealed class BookingTests(ITestOutputHelper output)
{
    [EndToEndFact]
    public async Task A_citizen_books_through_the_api_gets_a_code_and_cancels_with_it_and_the_place_comes_back()
    {
        await using var server = await ServerProcess.StartAsync();
        using var citizen = new BookingClient(server.HttpPort);
        try
        {
            var slots = await citizen.SlotsAsync("3960", "retraite");
            var slot = slots[0].GetProperty("start").GetString()!;
            var places = slots[0].GetProperty("remaining").GetInt32();

            var premium = await citizen.BookAsync("3960", "retraite", "08 99 12 34 56", slot);
            var foreign = await citizen.BookAsync("3960", "retraite", "+44 20 7123 4567", slot);
            var unknownReason = await citizen.BookAsync("3960", "impots", "06 12 34 56 78", slot);
            var booked = await citizen.BookAsync("3960", "retraite", "06 12 34 56 78", slot);
            var again = await citizen.BookAsync("3960", "retraite", "+33 6 12 34 56 78", slots[1].GetProperty("start").GetString()!);
            var afterBooking = await citizen.SlotsAsync("3960", "retraite");

            Assert.Equal((400, "number"), (premium.Status, premium.Field));
            Assert.Equal((400, "number"), (foreign.Status, foreign.Field));
            Assert.Equal((404, "reason"), (unknownReason.Status, unknownReason.Field));
            Assert.True(booked.Status == 201, booked.Text);
            var code = booked.Json.GetProperty("code").GetString()!;
            Assert.Matches("^[A-Z2-9]{6}$", code);
            Assert.Equal(slots[0].GetProperty("text").GetString(), booked.Json.GetProperty("slot").GetProperty("text").GetString());
            Assert.Equal(200, again.Status);
            Assert.Equal(slot, again.Json.GetProperty("slot").GetProperty("start").GetString());
            Assert.DoesNotContain(code, again.Text, StringComparison.Ordinal);
            Assert.Equal(places - 1, afterBooking.Single(s => s.GetProperty("start").GetString() == slot).GetProperty("remaining").GetInt32());

            var wrongNumber = await citizen.CancelAsync(code, "06 12 34 56 79");
            var unknownCode = await citizen.CancelAsync("ZZZZZZ", "06 12 34 56 78");
            var cancelled = await citizen.CancelAsync(code.ToLowerInvariant(), "0612345678");

            Assert.Equal(404, wrongNumber.Status);
            Assert.Equal(wrongNumber.Text, unknownCode.Text);
            Assert.Equal(204, cancelled.Status);
            Assert.Equal(places, (await citizen.SlotsAsync("3960", "retraite"))[0].GetProperty("remaining").GetInt32());

            // Counted for operators; the number never appears in what the server writes.
            var metrics = await server.GetMetricsTextAsync();
            Assert.Contains("telephony_appointments_total{network=\"CNAV\",line=\"3960\",result=\"booked\"} 1", metrics, StringComparison.Ordinal);
            Assert.Contains("telephony_appointments_total{network=\"CNAV\",line=\"3960\",result=\"cancelled\"} 1", metrics, StringComparison.Ordinal);
            Assert.DoesNotContain("612345678", server.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task A_client_address_past_its_burst_gets_429_with_retry_after_while_another_address_is_still_served()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Booking:RateLimit:Burst"] = "3",
            ["Booking:RateLimit:PerMinute"] = "2",
        });
        using var eager = new BookingClient(server.HttpPort, "127.0.0.2");
        using var other = new BookingClient(server.HttpPort, "127.0.0.3");

        var served = new List<BookingAnswer>();
        for (var i = 0; i < 3; i++)
        {
            served.Add(await eager.SendAsync(HttpMethod.Get, "/api/rendez-vous/creneaux?ligne=3960&motif=retraite"));
        }

        var refused = await eager.SendAsync(HttpMethod.Get, "/api/rendez-vous/creneaux?ligne=3960&motif=retraite");
        var refusedPage = await eager.SendAsync(HttpMethod.Get, "/rendez-vous");
        var otherAddress = await other.SendAsync(HttpMethod.Get, "/api/rendez-vous/creneaux?ligne=3960&motif=retraite");

        Assert.All(served, a => Assert.Equal(200, a.Status));
        Assert.Equal(429, refused.Status);
        // Two tokens a minute: the next comes back within 30 s.
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal("too_many_requests", refused.Json.GetProperty("error").GetString());
        Assert.Equal(429, refusedPage.Status);
        Assert.Contains("Trop de demandes depuis votre adresse", refusedPage.Text, StringComparison.Ordinal);
        Assert.Equal(200, otherAddress.Status);
        // The rest of the server is not limited: health and metrics still answer the same address.
        using var health = await server.Http.GetAsync("/health");
        Assert.True(health.IsSuccessStatusCode);
    }

    [EndToEndFact(needsPostgres: true)]
    public async Task Two_nodes_on_one_postgresql_racing_for_the_last_place_of_a_slot_book_it_once()
    {
        var database = await PostgresDatabases.CreateFreshAsync();
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = database,
            ["Orleans:AdvertisedAddress"] = "127.0.0.1",
            // Two nodes of one database share its key (a node with another key refuses to start).
            ["Storage:EncryptionKey"] = "e2e-booking-race-storage-encryption-key",
            // Every racer comes from 127.0.0.1: the per-address limit is not what this test is about.
            ["Booking:RateLimit:Burst"] = "1000",
        };
        await using var first = await ServerProcess.StartAsync(settings);
        await using var second = await ServerProcess.StartAsync(settings);
        using var onFirst = new BookingClient(first.HttpPort);
        using var onSecond = new BookingClient(second.HttpPort);
        try
        {
            // CNAV paiements takes 2 appointments a slot: one is booked, 20 citizens race for the other, half on each node.
            var slot = (await onFirst.SlotsAsync("3960", "paiement"))[0];
            var start = slot.GetProperty("start").GetString()!;
            Assert.Equal(2, slot.GetProperty("remaining").GetInt32());
            Assert.Equal(201, (await onSecond.BookAsync("3960", "paiement", "06 00 00 00 01", start)).Status);

            var race = Enumerable.Range(0, 20)
                .Select(i => (i % 2 == 0 ? onFirst : onSecond).BookAsync("3960", "paiement", $"06 12 34 56 {i:00}", start))
                .ToList();
            var answers = await Task.WhenAll(race);

            var winners = answers.Where(a => a.Status == 201).ToList();
            Assert.True(winners.Count == 1, $"{winners.Count} bookings won the last place: {string.Join(" | ", answers.Select(a => $"{a.Status} {a.Text}"))}");
            Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal((409, "slot"), (a.Status, a.Field)));
            Assert.DoesNotContain(await onSecond.SlotsAsync("3960", "paiement"), s => s.GetProperty("start").GetString() == start);
            Assert.DoesNotContain(await onFirst.SlotsAsync("3960", "paiement"), s => s.GetProperty("start").GetString() == start);

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM appointments WHERE state = 'booked'", connection);
            Assert.Equal(2L, await count.ExecuteScalarAsync());
            await using var places = new NpgsqlCommand("SELECT booked FROM appointment_slots", connection);
            Assert.Equal(2, await places.ExecuteScalarAsync());
            // Two members of one Orleans cluster (status 3: active), not two separate services sharing a database.
            await using var members = new NpgsqlCommand("SELECT COUNT(*) FROM OrleansMembershipTable WHERE DeploymentId = 'telephony' AND Status = 3", connection);
            Assert.Equal(2L, await members.ExecuteScalarAsync());
        }
        catch
        {
            output.WriteLine(first.Output);
            output.WriteLine(second.Output);
            throw;
        }
    }
}
