using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

public sealed class CallRecordRepositoryTests
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_saved_call_record_reads_back_with_every_field_and_UTC_timestamps_to_the_millisecond(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);
        var record = CallRecordSamples.Answered("a84b4c76e66710@pbx.example");

        await repository.AddAsync(record, CancellationToken.None);
        var found = await repository.FindByCallIdAsync(record.CallId, CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal(record, found);
        Assert.Equal(TimeSpan.Zero, found.StartedAt.Offset);
        Assert.Equal(TimeSpan.Zero, found.EndedAt.Offset);
        Assert.Equal(record.StartedAt.UtcDateTime, found.StartedAt.UtcDateTime);
        Assert.Equal(589, found.StartedAt.Millisecond);
        Assert.Equal(record.AnsweredAt!.Value.UtcTicks, found.AnsweredAt!.Value.UtcTicks);
        Assert.Equal(record.QueuedAt!.Value.UtcTicks, found.QueuedAt!.Value.UtcTicks);
        Assert.Equal("+336******78", found.CallerMasked);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_call_abandoned_in_the_IVR_keeps_its_empty_optional_fields_empty(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);
        var record = new CallRecord
        {
            Id = Guid.NewGuid(),
            CallId = "ivr-abandon-1",
            Network = "cpam",
            Line = "ameli-3646",
            Path = "welcome",
            StartedAt = CallRecordSamples.Morning,
            EndedAt = CallRecordSamples.Morning.AddSeconds(12),
            Outcome = "abandoned_ivr",
        };

        await repository.AddAsync(record, CancellationToken.None);
        var found = await repository.FindByCallIdAsync("ivr-abandon-1", CancellationToken.None);

        Assert.Equal(record, found);
        Assert.Null(found!.QueueId);
        Assert.Null(found.AnsweredAt);
        Assert.Null(found.QueuedAt);
        Assert.Null(found.EndReason);
        Assert.Null(found.CallerMasked);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Looking_up_an_unknown_call_id_returns_nothing(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);
        await repository.AddAsync(CallRecordSamples.Answered("known"), CancellationToken.None);

        Assert.Null(await repository.FindByCallIdAsync("unknown", CancellationToken.None));
        Assert.Null(await repository.FindByCallIdAsync("", CancellationToken.None));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Recent_calls_list_the_latest_ended_first_and_respect_the_limit(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);
        var start = CallRecordSamples.Morning;
        // Inserted out of order, so the result order can only come from the query.
        await repository.AddAsync(CallRecordSamples.Answered("middle", start.AddMinutes(20)), CancellationToken.None);
        await repository.AddAsync(CallRecordSamples.Answered("oldest", start.AddMinutes(10)), CancellationToken.None);
        await repository.AddAsync(CallRecordSamples.Answered("newest", start.AddMinutes(30)), CancellationToken.None);
        // One millisecond after "middle", in another offset: UTC order must win over text order of the local time.
        await repository.AddAsync(CallRecordSamples.Answered("just-after-middle", start.AddMinutes(20).AddMilliseconds(1).ToOffset(TimeSpan.FromHours(-5))), CancellationToken.None);

        var firstTwo = await repository.ListRecentAsync(2, CancellationToken.None);
        var all = await repository.ListRecentAsync(10, CancellationToken.None);

        Assert.Equal(["newest", "just-after-middle"], firstTwo.Select(r => r.CallId));
        Assert.Equal(["newest", "just-after-middle", "middle", "oldest"], all.Select(r => r.CallId));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Saving_the_same_record_twice_is_refused_with_a_storage_error(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);
        var record = CallRecordSamples.Answered("twice");
        await repository.AddAsync(record, CancellationToken.None);

        var error = await Assert.ThrowsAsync<StorageException>(() => repository.AddAsync(record, CancellationToken.None));

        Assert.Contains(record.Id.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Two_calls_that_reuse_a_sip_call_id_are_both_kept_and_the_latest_is_found(StorageProvider provider)
    {
        // SIP Call-IDs are only meant to be unique; a trunk or a restarted test tool can reuse one. Losing a
        // call record over that would skew the taux de décroché, so both are kept.
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);
        var first = CallRecordSamples.Answered("reused");
        var second = first with { Id = Guid.NewGuid(), EndedAt = first.EndedAt.AddHours(1), Outcome = "handled_ivr" };

        await repository.AddAsync(first, CancellationToken.None);
        await repository.AddAsync(second, CancellationToken.None);

        Assert.Equal(second.Id, (await repository.FindByCallIdAsync("reused", CancellationToken.None))!.Id);
        Assert.Equal(2, (await repository.ListRecentAsync(10, CancellationToken.None)).Count(r => r.CallId == "reused"));
    }

    [Fact]
    public async Task A_clear_phone_number_is_never_stored_as_the_caller()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);
        var leaky = CallRecordSamples.Answered("leaky") with { CallerMasked = "+33612345678" };

        await Assert.ThrowsAsync<ArgumentException>(() => repository.AddAsync(leaky, CancellationToken.None));
        Assert.Null(await repository.FindByCallIdAsync("leaky", CancellationToken.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(CallRecordRepository.MaxListLimit + 1)]
    public async Task Listing_with_an_out_of_range_limit_is_rejected(int limit)
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => repository.ListRecentAsync(limit, CancellationToken.None));
    }
}
