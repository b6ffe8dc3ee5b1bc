using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

/// <summary>
/// The agent console's agenda on both databases: pending callbacks of the given queues oldest first, active
/// appointments of the given queues whose slot has not ended soonest first, and every number masked.
/// </summary>
public sealed class AgendaRepositoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 13, 10, 0, TimeSpan.Zero);

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Lists_the_pending_callbacks_of_the_queues_oldest_first_with_the_numbers_masked(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var callbacks = new CallbackRequestRepository(database.Factory, TestCiphers.Default);
        var agenda = new AgendaRepository(database.Factory, TestCiphers.Default);
        var later = await callbacks.AddAsync(Callback("b", "cnav.retraite", "+33612345602", Now.AddMinutes(-1)), CancellationToken.None);
        var earlier = await callbacks.AddAsync(Callback("a", "cnav.retraite", "+33612345601", Now.AddMinutes(-5)), CancellationToken.None);
        await callbacks.AddAsync(Callback("c", "cnav.carriere", "+33612345603", Now.AddMinutes(-9)), CancellationToken.None);
        await callbacks.AddAsync(Callback("d", "cnav.retraite", "+33612345604", Now.AddMinutes(-9)) with { Status = "completed" }, CancellationToken.None);

        var listed = await agenda.PendingCallbacksAsync(["cnav.retraite", "cnav.paiements"], 10, CancellationToken.None);

        Assert.Equal([earlier, later], listed.Select(e => e.Id));
        Assert.Equal(["+336******01", "+336******02"], listed.Select(e => e.MaskedNumber));
        Assert.All(listed, e => Assert.Equal((AgendaKind.Callback, "CNAV", "3960", "cnav.retraite", (string?)null, (DateTimeOffset?)null), (e.Kind, e.Network, e.Line, e.QueueId, e.Reason, e.Until)));
        Assert.Equal(Now.AddMinutes(-5), listed[0].At);
        Assert.Single(await agenda.PendingCallbacksAsync(["cnav.retraite"], 1, CancellationToken.None));
        Assert.Empty(await agenda.PendingCallbacksAsync([], 10, CancellationToken.None));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Lists_the_booked_appointments_of_the_queues_whose_slot_has_not_ended_soonest_first(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var appointments = new AppointmentRepository(database.Factory);
        var agenda = new AgendaRepository(database.Factory, TestCiphers.Default);
        var current = Now.AddMinutes(-10);
        var tomorrow = await BookAsync(appointments, "cnav.retraite", "+33612345601", current.AddDays(1));
        var now = await BookAsync(appointments, "cnav.retraite", "+33612345602", current);
        await BookAsync(appointments, "cnav.retraite", "+33612345603", current.AddMinutes(-30));
        await BookAsync(appointments, "cnav.carriere", "+33612345604", current);
        var cancelled = await BookAsync(appointments, "cnav.retraite", "+33612345605", current.AddHours(2));
        await appointments.CancelAsync(cancelled.Code, "+33612345605", Now, CancellationToken.None);

        var listed = await agenda.UpcomingAppointmentsAsync(["cnav.retraite"], Now, 10, CancellationToken.None);

        Assert.Equal([now.Id, tomorrow.Id], listed.Select(e => e.Id));
        Assert.Equal((AgendaKind.Appointment, "retraite", current, current.AddMinutes(30), "+336******02"),
            (listed[0].Kind, listed[0].Reason, listed[0].At, listed[0].Until, listed[0].MaskedNumber));
    }

    private static CallbackRequest Callback(string callId, string queue, string number, DateTimeOffset at) => new()
    {
        CallId = callId,
        Network = "CNAV",
        Line = "3960",
        QueueId = queue,
        PhoneNumber = number,
        RequestedAt = at,
    };

    private static async Task<Appointment> BookAsync(AppointmentRepository repository, string queue, string number, DateTimeOffset slot)
    {
        var outcome = await repository.BookAsync(new Appointment
        {
            Network = "CNAV",
            Line = "3960",
            QueueId = queue,
            Reason = "retraite",
            PhoneNumber = number,
            SlotStart = slot,
            SlotEnd = slot.AddMinutes(30),
            Channel = "api",
            BookedAt = Now.AddDays(-1),
        }, capacity: 4, CancellationToken.None);
        return outcome.Appointment ?? throw new InvalidOperationException($"not booked: {outcome.Status}");
    }
}
