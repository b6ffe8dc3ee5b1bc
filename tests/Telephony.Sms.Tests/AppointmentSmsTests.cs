using Telephony.Sms.Tests.Support;
using Telephony.Storage;

namespace Telephony.Sms.Tests;

public sealed class AppointmentSmsTests
{
    // Monday 23 November 2026, 10:00 in Paris; the appointment is Wednesday 25 at 14:00-14:30.
    private static readonly DateTimeOffset Monday10 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Wednesday14 = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    private static AppointmentSms Appointment(DateTimeOffset start) => new()
    {
        AppointmentId = "rdv-42",
        Network = "CNAV",
        PhoneNumber = "0612345678",
        SlotStart = start,
        SlotEnd = start.AddMinutes(30),
        CancellationCode = "4KQ7",
    };

    [Fact]
    public async Task Booking_sends_the_confirmation_now_and_the_reminder_the_evening_before_at_18_h()
    {
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10);

        var outcome = await outbox.Notifications.AppointmentBookedAsync(Appointment(Wednesday14));
        await outbox.PollAsync();

        Assert.Equal(new AppointmentSmsOutcome(SmsOutcome.Queued, SmsOutcome.Queued), outcome);
        Assert.Equal(["Votre rendez-vous téléphonique CNAV : mercredi 25 novembre entre 14 h et 14 h 30. Code d'annulation : 4KQ7."],
            outbox.Gateway.Requests.Select(r => r.Text));

        // Tuesday 17:59:59 Paris: not yet. 18:00: the reminder leaves.
        outbox.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 16, 59, 59, TimeSpan.Zero));
        Assert.Equal(0, await outbox.PollAsync());
        outbox.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await outbox.PollAsync());

        Assert.Equal("Rappel : votre rendez-vous téléphonique CNAV est le mercredi 25 novembre entre 14 h et 14 h 30. Code d'annulation : 4KQ7.",
            outbox.Gateway.Requests[^1].Text);
        Assert.Equal(1, await outbox.CountAsync("CNAV", "confirmation", "sent"));
        Assert.Equal(1, await outbox.CountAsync("CNAV", "reminder", "sent"));
    }

    [Fact]
    public async Task The_reminder_hour_is_configurable_and_follows_paris_summer_time()
    {
        var settings = OutboxUnderTest.DefaultSettings();
        settings.ReminderHour = 9;
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10, settings);

        // Appointment on Tuesday 4 August: reminder Monday 3 August at 9:00 Paris, 7:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 8, 3, 7, 0, 0, TimeSpan.Zero), outbox.Notifications.ReminderDue(new DateTimeOffset(2026, 8, 4, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task A_reminder_hour_in_the_spring_gap_moves_to_the_first_hour_that_exists()
    {
        var settings = OutboxUnderTest.DefaultSettings();
        settings.ReminderHour = 2;
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10, settings);

        // 29 March 2026 02:00 does not exist in Paris (clocks jump to 03:00 CEST = 01:00 UTC).
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), outbox.Notifications.ReminderDue(new DateTimeOffset(2026, 3, 30, 8, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Booked_after_the_reminders_hour_there_is_only_the_confirmation()
    {
        // Tuesday 19:00 Paris for Wednesday 14:00: the reminder's time (Tuesday 18:00) has passed.
        await using var outbox = await OutboxUnderTest.CreateAsync(new DateTimeOffset(2026, 11, 24, 18, 0, 0, TimeSpan.Zero));

        var outcome = await outbox.Notifications.AppointmentBookedAsync(Appointment(Wednesday14));

        Assert.Equal(new AppointmentSmsOutcome(SmsOutcome.Queued, SmsOutcome.TooLate), outcome);
        Assert.Null(await outbox.Repository.FindAsync("reminder", "rdv-42", CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_appointment_withdraws_its_reminder()
    {
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10);
        await outbox.Notifications.AppointmentBookedAsync(Appointment(Wednesday14));
        await outbox.PollAsync();

        Assert.True(await outbox.Notifications.AppointmentCancelledAsync("rdv-42"));
        Assert.False(await outbox.Notifications.AppointmentCancelledAsync("rdv-42"));
        outbox.Clock.SetUtcNow(Wednesday14.AddHours(-1));
        Assert.Equal(0, await outbox.PollAsync());

        Assert.Single(outbox.Gateway.Requests); // the confirmation only
        var reminder = await outbox.Repository.FindAsync("reminder", "rdv-42", CancellationToken.None);
        Assert.Equal((SmsStates.Cancelled, "+336******78"), (reminder!.State, reminder.PhoneNumber));
    }

    [Fact]
    public async Task A_reminder_that_could_only_leave_after_the_appointment_began_is_not_sent()
    {
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10);
        await outbox.Notifications.AppointmentBookedAsync(Appointment(Wednesday14));
        await outbox.PollAsync();

        // Every node was down from Tuesday afternoon until Wednesday 14:05.
        outbox.Clock.SetUtcNow(Wednesday14.AddMinutes(5));
        Assert.Equal(1, await outbox.PollAsync());

        Assert.Single(outbox.Gateway.Requests);
        var reminder = await outbox.Repository.FindAsync("reminder", "rdv-42", CancellationToken.None);
        Assert.Equal(SmsStates.Expired, reminder!.State);
        Assert.Equal(1, await outbox.CountAsync("CNAV", "reminder", "failed"));
    }

    [Fact]
    public async Task Missing_fields_are_refused_by_name()
    {
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => outbox.Notifications.AppointmentBookedAsync(Appointment(Wednesday14) with { CancellationCode = "" }));

        Assert.Equal("CancellationCode", error.ParamName);
    }
}
