using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

/// <summary>
/// Migration 80: each known number's recent calls (its keyed hash, never the number), written with the call record's
/// completion, read per line newest first as the repeat-caller hint, and purged after their own short retention.
/// </summary>
public sealed class CallerCallRepositoryTests
{
    private const string Key = "c_0123456789abcdef0123456789abcdef";
    private const string OtherKey = "c_fedcba9876543210fedcba9876543210";
    private static readonly NodeIdentity Node = new("pbx-a-5060", "127.0.0.1:11111@100");

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_numbers_calls_come_per_line_newest_first_since_the_date_asked_and_at_most_the_limit(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var records = new CallRecordRepository(database.Factory);
        var history = new CallerCallRepository(database.Factory);
        var now = CallRecordSamples.Morning;

        // Through the journal as the call layer writes it (opening then completion), and in one go.
        await CompleteAsync(records, Call("two-days", now.AddDays(-2), "answered_agent"));
        await CompleteAsync(records, Call("an-hour", now.AddHours(-1), "abandoned_queue"));
        await records.AddAsync(Call("a-day", now.AddDays(-1), "callback_requested"), CancellationToken.None);
        await CompleteAsync(records, Call("other-line", now, "answered_agent") with { Line = "3646" });
        await CompleteAsync(records, Call("other-number", now, "answered_agent") with { CallerKey = OtherKey });
        await CompleteAsync(records, Call("anonymous", now, "answered_agent") with { CallerKey = null });

        var recent = await history.ListRecentAsync(Key, "3960", now.AddDays(-1.5), 50, CancellationToken.None);

        Assert.Equal(["abandoned_queue", "callback_requested"], recent.Select(c => c.Outcome));
        Assert.Equal(now.AddHours(-1).AddMinutes(-5), recent[0].StartedAt);
        Assert.Equal(["abandoned_queue"], (await history.ListRecentAsync(Key, "3960", now.AddDays(-30), 1, CancellationToken.None)).Select(c => c.Outcome));
        Assert.Equal(3, (await history.ListRecentAsync(Key, "3960", now.AddDays(-30), 50, CancellationToken.None)).Count);
        Assert.Empty(await history.ListRecentAsync(Key, "3939", now.AddDays(-30), 50, CancellationToken.None));
        Assert.Single(await history.ListRecentAsync(OtherKey, "3960", now.AddDays(-30), 50, CancellationToken.None));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_completion_applied_again_from_the_buffer_adds_the_call_once(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var records = new CallRecordRepository(database.Factory);
        var call = Call("replayed", CallRecordSamples.Morning, "answered_agent");

        await CompleteAsync(records, call);
        await records.ApplyAsync([CallRecordWrite.Completion(call)], CancellationToken.None);

        var recent = await new CallerCallRepository(database.Factory).ListRecentAsync(Key, "3960", CallRecordSamples.Morning.AddDays(-1), 50, CancellationToken.None);
        Assert.Single(recent);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task The_retention_run_deletes_calls_past_the_hints_days_and_keeps_the_records(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var records = new CallRecordRepository(database.Factory);
        var now = CallRecordSamples.Morning;
        await CompleteAsync(records, Call("eight-days", now.AddDays(-8), "answered_agent"));
        await CompleteAsync(records, Call("six-days", now.AddDays(-6), "answered_agent"));

        var result = await new RecordRetention(database.Factory).PurgeAsync(now.AddDays(-400), CancellationToken.None, callerCallsCutoff: now.AddDays(-7));

        Assert.Equal(new RetentionResult(0, 0, 1), result);
        var kept = await new CallerCallRepository(database.Factory).ListRecentAsync(Key, "3960", now.AddDays(-30), 50, CancellationToken.None);
        Assert.Equal([now.AddDays(-6).AddMinutes(-5)], kept.Select(c => c.StartedAt));
        Assert.NotNull(await records.FindByCallIdAsync("eight-days", CancellationToken.None));
    }

    [Fact]
    public void A_clear_number_in_place_of_the_key_is_refused_before_anything_is_written()
    {
        var call = Call("clear", CallRecordSamples.Morning, "answered_agent");
        foreach (var notAKey in new[] { "+33612345678", "0612345678", "c_0123", Key.ToUpperInvariant() })
        {
            var error = Assert.Throws<ArgumentException>(() => CallRecordWrite.Completion(call with { CallerKey = notAKey }));
            Assert.Contains("never the number", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_read_with_something_else_than_a_key_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await database.MigrateAsync();
        var history = new CallerCallRepository(database.Factory);

        await Assert.ThrowsAsync<ArgumentException>(() => history.ListRecentAsync("0612345678", "3960", CallRecordSamples.Morning, 50, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => history.ListRecentAsync(Key, "3960", CallRecordSamples.Morning, 0, CancellationToken.None));
    }

    /// <summary>A call of <see cref="Key"/> to line 3960 that started five minutes before <paramref name="endedAt"/>.</summary>
    private static CallRecord Call(string callId, DateTimeOffset endedAt, string outcome) =>
        CallRecordSamples.Answered(callId, endedAt) with
        {
            Line = "3960",
            StartedAt = endedAt.AddMinutes(-5),
            QueuedAt = null,
            AnsweredAt = endedAt.AddMinutes(-5),
            Outcome = outcome,
            CallerKey = Key,
        };

    private static Task CompleteAsync(CallRecordRepository records, CallRecord call) =>
        records.ApplyAsync(
            [
                CallRecordWrite.Opening(new OpenCallRecord
                {
                    Id = call.Id, CallId = call.CallId, Network = call.Network, Line = call.Line, StartedAt = call.StartedAt,
                    AnsweredAt = call.AnsweredAt, CallerMasked = call.CallerMasked, Node = Node,
                }),
                CallRecordWrite.Completion(call),
            ],
            CancellationToken.None);
}
