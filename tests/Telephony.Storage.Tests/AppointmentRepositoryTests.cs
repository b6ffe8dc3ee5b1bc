using Dapper;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

/// <summary>
/// Appointments on both databases: a slot never holds more than its capacity (also when many bookings race for its
/// last places), one active appointment per number and line, codes unique among active appointments, cancellation
/// only with the right number, and a cancelled appointment frees its place, its code and its number.
/// </summary>
public sealed class AppointmentRepositoryTests
{
    private static readonly DateTimeOffset Slot = new(2026, 11, 24, 13, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_booking_is_stored_with_a_code_and_counted_in_its_slot(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new AppointmentRepository(database.Factory);

        var outcome = await repository.BookAsync(Request("+33612345601"), capacity: 4, CancellationToken.None);

        Assert.Equal(BookingStatus.Booked, outcome.Status);
        var booked = outcome.Appointment!;
        Assert.Matches($"^[{AppointmentCodes.Alphabet}]{{{AppointmentCodes.Length}}}$", booked.Code);
        Assert.Equal(AppointmentStates.Booked, booked.State);
        var found = await repository.FindActiveAsync("3960", "+33612345601", CancellationToken.None);
        Assert.Equal(booked, found);
        Assert.Equal(Slot.AddMinutes(30), found!.SlotEnd);
        Assert.Equal(new Dictionary<DateTimeOffset, int> { [Slot] = 1 }, await repository.BookedCountsAsync("cnav.retraite", Slot, Slot.AddDays(1), CancellationToken.None));
        Assert.Empty(await repository.BookedCountsAsync("cnav.paiements", Slot, Slot.AddDays(1), CancellationToken.None));
        Assert.Equal([booked.Id], (await repository.ListActiveAsync(Slot, Slot.AddMinutes(1), 10, CancellationToken.None)).Select(a => a.Id));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_full_slot_refuses_the_next_booking_until_a_cancellation_frees_a_place(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new AppointmentRepository(database.Factory);
        var first = await repository.BookAsync(Request("+33612345601"), capacity: 2, CancellationToken.None);
        await repository.BookAsync(Request("+33612345602"), capacity: 2, CancellationToken.None);

        var refused = await repository.BookAsync(Request("+33612345603"), capacity: 2, CancellationToken.None);
        var cancelled = await repository.CancelAsync(first.Appointment!.Code, "+33612345601", Now, CancellationToken.None);
        var afterCancel = await repository.BookAsync(Request("+33612345603"), capacity: 2, CancellationToken.None);

        Assert.Equal(new BookingOutcome(BookingStatus.SlotFull, null), refused);
        Assert.Equal((AppointmentStates.Cancelled, Now), (cancelled!.State, cancelled.CancelledAt));
        Assert.Equal(BookingStatus.Booked, afterCancel.Status);
        Assert.Equal(2, (await repository.BookedCountsAsync("cnav.retraite", Slot, Slot.AddDays(1), CancellationToken.None))[Slot]);
        Assert.Equal(3, await CountAsync(database, "SELECT COUNT(*) FROM appointments"));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_number_has_one_active_appointment_per_line_and_asking_again_returns_it(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new AppointmentRepository(database.Factory);
        var first = await repository.BookAsync(Request("+33612345601"), capacity: 4, CancellationToken.None);

        var again = await repository.BookAsync(Request("+33612345601") with { SlotStart = Slot.AddHours(1), SlotEnd = Slot.AddHours(1.5) }, 4, CancellationToken.None);
        var otherLine = await repository.BookAsync(Request("+33612345601") with { Line = "3646", Network = "CPAM", QueueId = "cpam.remboursements" }, 4, CancellationToken.None);
        await repository.CancelActiveAsync("3960", "+33612345601", Now, CancellationToken.None);
        var afterCancel = await repository.BookAsync(Request("+33612345601"), capacity: 4, CancellationToken.None);

        Assert.Equal(new BookingOutcome(BookingStatus.AlreadyBooked, first.Appointment), again);
        Assert.Empty(await repository.BookedCountsAsync("cnav.retraite", Slot.AddHours(1), Slot.AddDays(1), CancellationToken.None));
        Assert.Equal(BookingStatus.Booked, otherLine.Status);
        Assert.Equal(BookingStatus.Booked, afterCancel.Status);
        Assert.NotEqual(first.Appointment!.Id, afterCancel.Appointment!.Id);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_code_drawn_twice_is_drawn_again_while_the_first_is_active_and_free_once_it_is_cancelled(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var draws = new Queue<string>(["AAAAAA", "AAAAAA", "BBBBBB", "AAAAAA"]);
        var repository = new AppointmentRepository(database.Factory, draws.Dequeue);

        var first = await repository.BookAsync(Request("+33612345601"), capacity: 4, CancellationToken.None);
        var second = await repository.BookAsync(Request("+33612345602"), capacity: 4, CancellationToken.None);
        await repository.CancelAsync("AAAAAA", "+33612345601", Now, CancellationToken.None);
        var third = await repository.BookAsync(Request("+33612345603"), capacity: 4, CancellationToken.None);

        Assert.Equal(("AAAAAA", "BBBBBB", "AAAAAA"), (first.Appointment!.Code, second.Appointment!.Code, third.Appointment!.Code));
        // The collision's rollback gave its place back: two active appointments hold two places.
        Assert.Equal(2, (await repository.BookedCountsAsync("cnav.retraite", Slot, Slot.AddDays(1), CancellationToken.None))[Slot]);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Cancelling_needs_the_appointment_s_own_number_and_works_once(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new AppointmentRepository(database.Factory);
        var booked = (await repository.BookAsync(Request("+33612345601"), capacity: 4, CancellationToken.None)).Appointment!;

        Assert.Null(await repository.CancelAsync(booked.Code, "+33612345602", Now, CancellationToken.None));
        Assert.Null(await repository.CancelAsync("ZZZZZZ", "+33612345601", Now, CancellationToken.None));
        Assert.NotNull(await repository.CancelAsync(booked.Code, "+33612345601", Now, CancellationToken.None));
        Assert.Null(await repository.CancelAsync(booked.Code, "+33612345601", Now, CancellationToken.None));
        Assert.Empty(await repository.BookedCountsAsync("cnav.retraite", Slot, Slot.AddDays(1), CancellationToken.None));
        Assert.Null(await repository.FindActiveAsync("3960", "+33612345601", CancellationToken.None));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Many_bookings_racing_for_the_last_places_of_a_slot_exactly_fill_it(StorageProvider provider)
    {
        const int Capacity = 5;
        const int AlreadyBooked = 3;
        const int Racers = 40;
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var setup = new AppointmentRepository(database.Factory);
        for (var i = 0; i < AlreadyBooked; i++)
        {
            await setup.BookAsync(Request($"+336000000{i:00}"), Capacity, CancellationToken.None);
        }

        // Each racer has its own repository and connection factory, as separate nodes would; all start together.
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, Racers).Select(i => Task.Run(async () =>
        {
            var repository = new AppointmentRepository(StorageFactory.CreateConnectionFactory(database.Options));
            start.Wait();
            return await repository.BookAsync(Request($"+336123456{i:00}"), Capacity, CancellationToken.None);
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(racers);

        Assert.Equal(Capacity - AlreadyBooked, outcomes.Count(o => o.Status == BookingStatus.Booked));
        Assert.Equal(Racers - (Capacity - AlreadyBooked), outcomes.Count(o => o.Status == BookingStatus.SlotFull));
        Assert.Equal(Capacity, (await setup.BookedCountsAsync("cnav.retraite", Slot, Slot.AddDays(1), CancellationToken.None))[Slot]);
        Assert.Equal(Capacity, await CountAsync(database, "SELECT COUNT(*) FROM appointments WHERE state = 'booked'"));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task The_same_number_booking_many_slots_at_once_gets_one_appointment(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            var repository = new AppointmentRepository(StorageFactory.CreateConnectionFactory(database.Options));
            start.Wait();
            return await repository.BookAsync(Request("+33612345601") with { SlotStart = Slot.AddMinutes(30 * i), SlotEnd = Slot.AddMinutes(30 * (i + 1)) }, 4, CancellationToken.None);
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(racers);

        var winner = Assert.Single(outcomes, o => o.Status == BookingStatus.Booked);
        Assert.All(outcomes.Where(o => o != winner), o => Assert.Equal(BookingStatus.AlreadyBooked, o.Status));
        Assert.All(outcomes, o => Assert.Equal(winner.Appointment!.Id, o.Appointment!.Id));
        // No slot keeps a place for a booking that lost the race.
        Assert.Equal(1, (await new AppointmentRepository(database.Factory).BookedCountsAsync("cnav.retraite", Slot, Slot.AddDays(1), CancellationToken.None)).Values.Sum());
    }

    private static Appointment Request(string number) => new()
    {
        Network = "CNAV",
        Line = "3960",
        QueueId = "cnav.retraite",
        Reason = "retraite",
        PhoneNumber = number,
        SlotStart = Slot,
        SlotEnd = Slot.AddMinutes(30),
        Channel = "api",
        BookedAt = Now,
    };

    private static async Task<long> CountAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
