using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

public sealed class CallCountRepositoryTests
{
    private static readonly DateTimeOffset Hour = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Records_are_counted_per_network_line_UTC_hour_of_their_end_and_outcome_with_waits_and_scores(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var records = new CallRecordRepository(database.Factory);
        await records.AddAsync(Record("a1", "answered_agent", Hour.AddMinutes(5), wait: 12.5, score: 4), CancellationToken.None);
        await records.AddAsync(Record("a2", "answered_agent", Hour.AddMinutes(59).AddSeconds(59.9), wait: 61, score: 5), CancellationToken.None);
        await records.AddAsync(Record("a3", "answered_agent", Hour.AddMinutes(10), wait: 120), CancellationToken.None);
        await records.AddAsync(Record("q1", "abandoned_queue", Hour.AddMinutes(20), wait: 300), CancellationToken.None);
        await records.AddAsync(Record("i1", "handled_ivr", Hour.AddHours(1)), CancellationToken.None);
        await records.AddAsync(Record("c1", "closed", Hour.AddMinutes(30), line: "3646", network: "CPAM"), CancellationToken.None);

        var counts = await new CallCountRepository(database.Factory).CountByHourAsync(Hour, Hour.AddHours(2), CancellationToken.None);

        Assert.Equal(
            [
                new CallHourCounts("CNAV", "3960", Hour, "abandoned_queue", 1, 0, 0, 0, 1, 300, 0, 0),
                new CallHourCounts("CNAV", "3960", Hour, "answered_agent", 3, 1, 1, 3, 3, 193.5, 2, 9),
                new CallHourCounts("CNAV", "3960", Hour.AddHours(1), "handled_ivr", 1, 0, 0, 0, 0, 0, 0, 0),
                new CallHourCounts("CPAM", "3646", Hour, "closed", 1, 0, 0, 0, 0, 0, 0, 0),
            ],
            counts);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task The_range_takes_its_start_and_leaves_its_end_out(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var records = new CallRecordRepository(database.Factory);
        await records.AddAsync(Record("before", "handled_ivr", Hour.AddTicks(-10)), CancellationToken.None);
        await records.AddAsync(Record("first", "handled_ivr", Hour), CancellationToken.None);
        await records.AddAsync(Record("last", "handled_ivr", Hour.AddHours(1).AddTicks(-10)), CancellationToken.None);
        await records.AddAsync(Record("after", "handled_ivr", Hour.AddHours(1)), CancellationToken.None);

        var counts = await new CallCountRepository(database.Factory).CountByHourAsync(Hour, Hour.AddHours(1), CancellationToken.None);

        Assert.Equal(2, Assert.Single(counts).Calls);
        Assert.Empty(await new CallCountRepository(database.Factory).CountByHourAsync(Hour.AddDays(1), Hour.AddDays(2), CancellationToken.None));
    }

    private static CallRecord Record(string callId, string outcome, DateTimeOffset endedAt, double? wait = null, int? score = null, string line = "3960", string network = "CNAV") => new()
    {
        Id = Guid.NewGuid(),
        CallId = callId,
        Network = network,
        Line = line,
        StartedAt = endedAt.AddMinutes(-1),
        EndedAt = endedAt,
        Outcome = outcome,
        WaitSeconds = wait,
        SurveyScore = score,
    };
}
