using Dapper;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

/// <summary>
/// The journal's batches on SQLite: batches from many tasks at once take turns on the file and all land once, and a
/// batch that fails (here with its caller-history row) leaves nothing half done and does not break the ones after it.
/// </summary>
public sealed class CallRecordBatchTests
{
    private const string Key = "c_0123456789abcdef0123456789abcdef";
    private static readonly NodeIdentity Node = new("pbx-a-5060", "127.0.0.1:11111@100");

    [Fact]
    public async Task Batches_from_many_tasks_at_once_all_land_once()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await database.MigrateAsync();
        var records = new CallRecordRepository(database.Factory);

        var calls = Enumerable.Range(0, 200).Select(i => CallRecordSamples.Answered($"call-{i}") with { CallerKey = Key, Line = "3960" }).ToList();
        await Task.WhenAll(calls.Chunk(10).Select(chunk => Task.Run(async () =>
        {
            foreach (var call in chunk)
            {
                await records.ApplyAsync([CallRecordWrite.Opening(OpeningOf(call))], CancellationToken.None);
                await records.ApplyAsync([CallRecordWrite.Completion(call)], CancellationToken.None);
            }
        })));

        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        Assert.Equal(200, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM call_records WHERE ended_at IS NOT NULL"));
        Assert.Equal(200, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM caller_calls"));
        Assert.Equal(calls[7], await records.FindByCallIdAsync("call-7", CancellationToken.None) is { } found ? found with { CallerKey = Key, NodeId = null } : null); // The row keeps the opening node.
    }

    [Fact]
    public async Task A_failed_batch_writes_nothing_and_the_next_one_goes_through()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await database.MigrateAsync();
        var records = new CallRecordRepository(database.Factory);
        var first = CallRecordSamples.Answered("before") with { CallerKey = Key, Line = "3960" };
        await records.ApplyAsync([CallRecordWrite.Opening(OpeningOf(first)), CallRecordWrite.Completion(first)], CancellationToken.None);

        // The caller-history table goes away: the batch fails as a whole, its call record included.
        await using (var admin = await database.Factory.OpenAsync(CancellationToken.None))
        {
            await admin.ExecuteAsync("ALTER TABLE caller_calls RENAME TO caller_calls_away");
        }

        var failed = CallRecordSamples.Answered("during") with { CallerKey = Key, Line = "3960" };
        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
            records.ApplyAsync([CallRecordWrite.Opening(OpeningOf(failed)), CallRecordWrite.Completion(failed)], CancellationToken.None));
        Assert.Null(await records.FindByCallIdAsync("during", CancellationToken.None));

        await using (var admin = await database.Factory.OpenAsync(CancellationToken.None))
        {
            await admin.ExecuteAsync("ALTER TABLE caller_calls_away RENAME TO caller_calls");
        }

        await records.ApplyAsync([CallRecordWrite.Opening(OpeningOf(failed)), CallRecordWrite.Completion(failed)], CancellationToken.None);
        Assert.NotNull(await records.FindByCallIdAsync("during", CancellationToken.None));
        var history = await new CallerCallRepository(database.Factory).ListRecentAsync(Key, "3960", CallRecordSamples.Morning.AddDays(-1), 50, CancellationToken.None);
        Assert.Equal(2, history.Count);
    }

    private static OpenCallRecord OpeningOf(CallRecord call) => new()
    {
        Id = call.Id, CallId = call.CallId, Network = call.Network, Line = call.Line, StartedAt = call.StartedAt,
        AnsweredAt = call.AnsweredAt, CallerMasked = call.CallerMasked, Node = Node,
    };
}
