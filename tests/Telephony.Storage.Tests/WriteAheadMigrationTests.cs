using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Storage.Connections;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

/// <summary>Upgrading a database of the release before write-ahead records: existing rows stay valid, open rows become possible.</summary>
public abstract class WriteAheadMigrationTests(StorageProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    // The last version of each provider's history before write-ahead records (PostgreSQL has one more: the Orleans stored queries).
    private int PreviousSchemaVersion => provider == StorageProvider.Sqlite ? 7 : 8;

    [ProviderFact]
    public async Task Records_of_the_previous_version_stay_whole_and_readable_and_new_rows_can_be_opened()
    {
        await new DatabaseMigrator(_database.Factory, NullLogger<DatabaseMigrator>.Instance, PreviousSchemaVersion).MigrateAsync(CancellationToken.None);
        var records = new CallRecordRepository(_database.Factory);
        var old = CallRecordSamples.Answered("before-write-ahead") with
        {
            AgentId = AgentIds.New(), WaitSeconds = 12.5, TalkSeconds = 80, RingAttempts = 2, SurveyScore = 5,
        };
        await using (var before = await _database.Factory.OpenAsync(CancellationToken.None))
        {
            await InsertPreviousVersionRowAsync(before, old);
            // Before the upgrade an open row is impossible: the end and the outcome are required.
            await Assert.ThrowsAnyAsync<DbException>(() => InsertWithoutEndAsync(before, outcome: null));
        }

        await _database.MigrateAsync();

        Assert.Equal(old, await records.FindByCallIdAsync("before-write-ahead", CancellationToken.None));
        Assert.Equal(["before-write-ahead"], (await records.ListRecentAsync(10, CancellationToken.None)).Select(r => r.CallId));
        var open = new OpenCallRecord
        {
            Id = Guid.NewGuid(), CallId = "after-upgrade", Network = "cnav", Line = "3960", StartedAt = CallRecordSamples.Morning,
            AnsweredAt = CallRecordSamples.Morning, Node = new NodeIdentity("pbx-5060", "127.0.0.1:11111@1"),
        };
        await records.ApplyAsync([CallRecordWrite.Opening(open)], CancellationToken.None);
        Assert.Equal([open], await records.ListOpenAsync(10, CancellationToken.None));
        // An old row has no node: a node starting again never mistakes it for one of its own.
        Assert.Empty(await records.CloseLostByNodeAsync("pbx-5060", open.Node.Instance, CallRecordSamples.Morning, CancellationToken.None));
        Assert.Equal(old, await records.FindByCallIdAsync("before-write-ahead", CancellationToken.None));
    }

    [ProviderFact]
    public async Task A_row_with_an_outcome_and_no_end_is_refused_by_the_schema()
    {
        await _database.MigrateAsync();
        await using var connection = await _database.Factory.OpenAsync(CancellationToken.None);

        await Assert.ThrowsAnyAsync<DbException>(() => InsertWithoutEndAsync(connection, outcome: "dropped"));
        await InsertWithoutEndAsync(connection, outcome: null);
    }

    private Task InsertWithoutEndAsync(DbConnection connection, string? outcome) =>
        connection.ExecuteAsync(
            "INSERT INTO call_records (id, call_id, network, line, path, started_at, outcome) VALUES (@Id, 'x', 'n', 'l', '', @At, @Outcome)",
            new { Id = Dialect.ToDbId(Guid.NewGuid()), At = Dialect.ToDbTimestamp(CallRecordSamples.Morning), Outcome = outcome });

    private SqlDialect Dialect => SqlDialect.For(provider);

    private Task InsertPreviousVersionRowAsync(DbConnection connection, CallRecord record) =>
        connection.ExecuteAsync("""
            INSERT INTO call_records (id, call_id, network, line, path, queue_id, started_at, answered_at, queued_at, ended_at, outcome, end_reason,
                                      caller_masked, agent_id, agent_answered_at, wait_seconds, talk_seconds, ring_attempts, survey_score)
            VALUES (@Id, @CallId, @Network, @Line, @Path, @QueueId, @StartedAt, @AnsweredAt, @QueuedAt, @EndedAt, @Outcome, @EndReason,
                    @CallerMasked, @AgentId, @AgentAnsweredAt, @WaitSeconds, @TalkSeconds, @RingAttempts, @SurveyScore)
            """, LegacyRows.Parameters(provider, record));
}

public sealed class SqliteWriteAheadMigrationTests() : WriteAheadMigrationTests(StorageProvider.Sqlite);

public sealed class PostgresWriteAheadMigrationTests() : WriteAheadMigrationTests(StorageProvider.Postgres), IRunsOnPostgres;
