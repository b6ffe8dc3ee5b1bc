using Dapper;
using Npgsql;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

/// <summary>The retention purge: old completed records and old callback requests go, recent ones and open rows stay.</summary>
public abstract class RecordRetentionTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private TestDatabase _database = null!;

    private protected TestDatabase Database => _database;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await _database.MigrateAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [ProviderFact]
    public async Task Records_and_callbacks_older_than_the_retention_are_purged_and_the_rest_kept()
    {
        var records = new CallRecordRepository(_database.Factory);
        var callbacks = new CallbackRequestRepository(_database.Factory, TestCiphers.Default);
        var cutoff = Now.AddDays(-400);
        await records.AddAsync(CallRecordSamples.Answered("too-old", cutoff.AddSeconds(-1)), CancellationToken.None);
        await records.AddAsync(CallRecordSamples.Answered("kept", cutoff.AddSeconds(1)), CancellationToken.None);
        // An open row is never purged, however old: it waits to be closed as node_lost.
        await records.ApplyAsync([CallRecordWrite.Opening(new OpenCallRecord
        {
            Id = Guid.NewGuid(), CallId = "open-old", Network = "cnav", Line = "3960", StartedAt = cutoff.AddDays(-30),
            Node = new NodeIdentity("pbx-5060", "127.0.0.1:11111@1"),
        })], CancellationToken.None);
        await callbacks.AddAsync(Callback("old-callback", cutoff.AddMinutes(-1)), CancellationToken.None);
        await callbacks.AddAsync(Callback("new-callback", cutoff.AddMinutes(1)), CancellationToken.None);

        var result = await new RecordRetention(_database.Factory).PurgeAsync(cutoff, CancellationToken.None);

        Assert.Equal(new RetentionResult(1, 1), result);
        Assert.Null(await records.FindByCallIdAsync("too-old", CancellationToken.None));
        Assert.NotNull(await records.FindByCallIdAsync("kept", CancellationToken.None));
        Assert.Single(await records.ListOpenAsync(10, CancellationToken.None));
        Assert.Equal(["new-callback"], (await callbacks.ListByStatusAsync("pending", 10, CancellationToken.None)).Select(c => c.CallId));
    }

    [ProviderFact]
    public async Task A_large_purge_goes_in_slices_and_deletes_everything_due()
    {
        var records = new CallRecordRepository(_database.Factory);
        var old = Enumerable.Range(0, 12_000).Select(i => CallRecordWrite.Completion(CallRecordSamples.Answered($"old-{i}", Now.AddDays(-500).AddSeconds(i)))).ToList();
        for (var i = 0; i < old.Count; i += 1000)
        {
            await records.ApplyAsync(old.GetRange(i, 1000), CancellationToken.None);
        }

        var result = await new RecordRetention(_database.Factory).PurgeAsync(Now.AddDays(-400), CancellationToken.None);

        Assert.Equal(12_000, result!.CallRecords);
        Assert.Empty(await records.ListRecentAsync(10, CancellationToken.None));
    }

    private static CallbackRequest Callback(string callId, DateTimeOffset at) => new()
    {
        CallId = callId, Network = "CAF", Line = "3230", QueueId = "caf.prestations", PhoneNumber = "+33612345678", RequestedAt = at,
    };
}

public sealed class SqliteRecordRetentionTests() : RecordRetentionTests(StorageProvider.Sqlite);

public sealed class PostgresRecordRetentionTests() : RecordRetentionTests(StorageProvider.Postgres), IRunsOnPostgres
{
    [PostgresFact]
    public async Task While_another_node_purges_this_one_skips_its_turn()
    {
        await using var otherNode = new NpgsqlConnection(Database.Options.ConnectionString);
        await otherNode.OpenAsync();
        // The same key the purge takes: another node's purge in progress.
        await otherNode.ExecuteAsync("SELECT pg_advisory_lock(@Key)", new { Key = RecordRetention.PostgresRetentionLockKey });

        Assert.Null(await new RecordRetention(Database.Factory).PurgeAsync(DateTimeOffset.UtcNow, CancellationToken.None));

        await otherNode.ExecuteAsync("SELECT pg_advisory_unlock(@Key)", new { Key = RecordRetention.PostgresRetentionLockKey });
        Assert.NotNull(await new RecordRetention(Database.Factory).PurgeAsync(DateTimeOffset.UtcNow, CancellationToken.None));
    }
}
