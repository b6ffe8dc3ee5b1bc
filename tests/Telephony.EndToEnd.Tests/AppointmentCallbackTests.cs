using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Phone appointments called back at their slot, end to end: two citizens book the first slot through the public API,
/// one cancels; at the slot's start the other is called through the trunk (sipp, digest) and bridged to the agent,
/// and the cancelled one never is. The clock is the real one: the test line opens at the next whole minute (5-minute
/// slots, no notice), so the first slot starts less than two minutes after the booking.
/// </summary>
public sealed class AppointmentCallbackTests(ITestOutputHelper output) : IAsyncDisposable
{
    private const string Queues = """
        queues:
          test.appointments:
            name: "CNAV retraite"
            network: CNAV
            ring-timeout: 10s
            wrap-up: 1s
            appointments: { slot: 5m, per-slot: 4, days-ahead: 0, min-notice: 1s }
        """;

    private readonly TestScripts _scripts = new();
    private readonly List<IAsyncDisposable> _peers = [];

    [EndToEndFact]
    public async Task At_its_slot_an_appointment_is_called_and_bridged_to_an_agent_and_a_cancelled_one_is_not_called()
    {
        var slotStart = WriteLine();
        var trunkPort = FreePorts.Next();
        await using var server = await StartAsync(trunkPort);
        var agent = await server.CreateAgentAsync("2101", "Agent 2101", ("test.appointments", 1));
        var phone = SippAgentPhone.Start(server.SipPort, "2101", AgentSetup.Password, AgentPhoneBehaviour.AnswersAndWaits,
            await Tones.WriteAsync(1000, muLaw: false), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(2), registeredFor: TimeSpan.FromMinutes(4));
        _peers.Add(phone);
        await server.LogInWhenRegisteredAsync(agent, "test.appointments");
        var trunk = await SippTrunk.StartAsync(trunkPort, CitizenBehaviour.Answers);
        _peers.Add(trunk);
        using var citizen = new BookingClient(server.HttpPort);
        await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly;Pooling=False");

        try
        {
            var slots = await citizen.SlotsAsync("3998", "retraite");
            var slot = slots[0].GetProperty("start").GetString()!;
            Assert.Equal(slotStart, DateTimeOffset.Parse(slot, CultureInfo.InvariantCulture));
            var cancelledOne = await citizen.BookAsync("3998", "retraite", "06 12 34 56 21", slot);
            var calledOne = await citizen.BookAsync("3998", "retraite", "06 12 34 56 22", slot);
            Assert.True(cancelledOne.Status == 201, cancelledOne.Text);
            Assert.True(calledOne.Status == 201, calledOne.Text);
            var cancel = await citizen.CancelAsync(cancelledOne.Json.GetProperty("code").GetString()!, "0612345621");
            Assert.Equal(204, cancel.Status);

            // Each booking made its callback, placed at the slot; the cancelled appointment's is cancelled at once.
            var rows = (await database.QueryAsync<(string Kind, string Status, string? Reason)>(
                "SELECT kind, status, end_reason FROM callback_requests ORDER BY requested_at")).ToList();
            Assert.Equal([("appointment", "cancelled", "appointment_cancelled"), ("appointment", "pending", null)], rows);

            // At the slot: the citizen called is the one who kept the appointment, bridged to the agent.
            var untilCalled = slotStart - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
            Assert.True(await trunk.WaitAsync(untilCalled), "the appointment's callback never reached the trunk");
            Assert.True(DateTimeOffset.UtcNow >= slotStart, "the citizen was called before the slot");
            Assert.Contains("INVITE sip:+33612345622@", trunk.Messages, StringComparison.Ordinal);
            Assert.DoesNotContain("+33612345621", trunk.Messages, StringComparison.Ordinal);
            var statuses = await Eventually.ReadAsync(
                async () => (await database.QueryAsync<string>("SELECT status FROM callback_requests ORDER BY requested_at")).ToList(),
                s => s.Count == 2 && s[1] == "completed");
            Assert.Equal(["cancelled", "completed"], statuses);
            Assert.Equal(agent, await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<string?>(
                "SELECT agent_id FROM call_records WHERE outcome = 'callback_completed'")));
            Assert.Equal("ready", await Eventually.ReadAsync(() => server.AgentStatusAsync(agent), s => s == "ready"));
            // Both over: no reminder left (the completed one's removed as it ended, before its next tick 30 s on).
            Assert.Equal(0, await Eventually.ReadAsync(() => database.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM orleans_reminders WHERE reminder_name = 'callback'"), n => n == 0));
        }
        catch
        {
            output.WriteLine(server.Output);
            output.WriteLine(phone.Output + phone.Errors);
            output.WriteLine(trunk.Output + trunk.Messages);
            throw;
        }
    }

    /// <summary>
    /// Line 3998, open every day from the next whole minute at least 20 s away (Paris time) for ten minutes, taking
    /// appointments on test.appointments; returns its first slot's start.
    /// </summary>
    private DateTimeOffset WriteLine()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, paris);
        var opening = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, now.Offset).AddMinutes(now.Second < 40 ? 1 : 2);
        // A range that would cross midnight cannot be written: this test then waits for the next day's first minutes.
        Assert.True(opening.Day == opening.AddMinutes(10).Day, "too close to midnight in Paris to open the test line for ten minutes");
        var range = $"\"{opening:HH:mm}-{opening.AddMinutes(10):HH:mm}\"";
        var days = string.Join("\n", new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" }.Select(d => $"  {d}: [{range}]"));
        _scripts.Write("rendez-vous", $$"""
            network: CNAV
            numbers: ["3998"]
            locale: fr-FR
            start: queue
            opening-hours:
            {{days}}
            appointments:
              name: "Assurance retraite (CNAV)"
              reasons:
                - { id: retraite, label: "Préparer mon départ à la retraite", queue: test.appointments }
            nodes:
              queue:
                kind: queue
                queue: test.appointments
            """);
        _scripts.WriteQueues(Queues);
        return opening.ToUniversalTime();
    }

    private async Task<ServerProcess> StartAsync(int trunkPort)
    {
        var settings = SippTrunk.Settings(trunkPort);
        settings["Ivr:ScriptsPath"] = _scripts.Path;
        settings["Callbacks:CallingHours"] = "00:00-24:00";
        settings["Callbacks:CallingDays"] = "Mon-Sun";
        // Longer than the test's wait after the call: a finished callback's reminder must go without waiting for a tick.
        settings["Callbacks:ReminderPeriodSeconds"] = "30";
        settings["Callbacks:LeaseSeconds"] = "6";
        settings["Callbacks:RingTimeoutSeconds"] = "8";
        return await ServerProcess.StartAsync(settings);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var peer in _peers)
        {
            await peer.DisposeAsync();
        }

        _scripts.Dispose();
    }
}
