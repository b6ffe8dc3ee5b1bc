using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

/// <summary>Upgrading a database of the release before agents: the existing rows stay, the new tables and columns appear.</summary>
public sealed class AgentMigrationTests
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Migrating_from_the_schema_before_agents_keeps_call_records_and_adds_agents_and_the_agent_columns(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var previous = PreviousSchemaVersion(provider);
        await new DatabaseMigrator(database.Factory, NullLogger<DatabaseMigrator>.Instance, previous).MigrateAsync(CancellationToken.None);
        var old = CallRecordSamples.Answered("before-agents");
        await using (var before = await database.Factory.OpenAsync(CancellationToken.None))
        {
            await LegacyRows.InsertCallRecordAsync(before, provider, old);
            await Assert.ThrowsAnyAsync<DbException>(() => before.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM agents"));
        }

        await database.MigrateAsync();

        var records = new CallRecordRepository(database.Factory);
        var kept = await records.FindByCallIdAsync("before-agents", CancellationToken.None);
        Assert.Equal(old, kept);
        Assert.Null(kept!.AgentId);
        Assert.Equal(0, kept.RingAttempts);
        Assert.Null(kept.SurveyScore);
        var agents = new AgentRepository(database.Factory);
        Assert.Empty(await agents.ListAsync(CancellationToken.None));
        Assert.True(await agents.TryAddAsync(AgentSamples.New("1001"), CancellationToken.None));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_call_record_keeps_the_agent_its_times_ring_attempts_and_survey_score(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);
        var answered = CallRecordSamples.Answered("with-agent");
        var record = answered with
        {
            AgentId = AgentIds.New(),
            AgentAnsweredAt = answered.AnsweredAt!.Value.AddSeconds(95),
            WaitSeconds = 95.25,
            TalkSeconds = 201.5,
            RingAttempts = 2,
            SurveyScore = 4,
        };

        await repository.AddAsync(record, CancellationToken.None);

        Assert.Equal(record, await repository.FindByCallIdAsync("with-agent", CancellationToken.None));
    }

    [Theory]
    [InlineData("Camille Martin")]
    [InlineData("1001")]
    public async Task A_call_record_naming_an_agent_by_anything_but_its_id_is_refused(string agent)
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);

        await Assert.ThrowsAsync<ArgumentException>(() => repository.AddAsync(CallRecordSamples.Answered("named") with { AgentId = agent }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => repository.AddAsync(CallRecordSamples.Answered("score") with { SurveyScore = 6 }, CancellationToken.None));
        Assert.Empty(await repository.ListRecentAsync(10, CancellationToken.None));
    }

    // The last version of each provider's history before the agents tables (SQLite and PostgreSQL count differently:
    // PostgreSQL has the Orleans stored queries as a migration of their own).
    private static int PreviousSchemaVersion(StorageProvider provider) => provider == StorageProvider.Sqlite ? 5 : 6;
}
