using Dapper;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

public sealed class AgentRepositoryTests
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_stored_agent_reads_back_by_id_and_by_username_with_its_skills_in_level_order(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new AgentRepository(database.Factory);
        var agent = AgentSamples.New("1001", skills: [new StoredAgentSkill("cnav.paiements", 2), new StoredAgentSkill("cnav.retraite", 1)]);

        Assert.True(await repository.TryAddAsync(agent, CancellationToken.None));
        var byId = await repository.FindByIdAsync(agent.Id, CancellationToken.None);
        var byUsername = await repository.FindBySipUsernameAsync("1001", CancellationToken.None);

        Assert.NotNull(byId);
        Assert.Equal(agent.DisplayName, byId.DisplayName);
        Assert.Equal(agent.Ha1Md5, byId.Ha1Md5);
        Assert.Equal(agent.Ha1Sha256, byId.Ha1Sha256);
        Assert.Equal("telephony", byId.Ha1Realm);
        Assert.True(byId.Enabled);
        Assert.Equal(1, byId.Version);
        Assert.Equal(agent.CreatedAt, byId.CreatedAt);
        Assert.Equal(TimeSpan.Zero, byId.CreatedAt.Offset);
        Assert.Equal([new StoredAgentSkill("cnav.retraite", 1), new StoredAgentSkill("cnav.paiements", 2)], byId.Skills);
        Assert.Equal(byId.Id, byUsername!.Id);
        Assert.Equal(byId.Skills, byUsername.Skills);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_second_agent_with_the_same_sip_username_is_refused_and_the_first_is_untouched(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new AgentRepository(database.Factory);
        var first = AgentSamples.New("1002", skills: [new StoredAgentSkill("caf.famille", 1)]);
        await repository.TryAddAsync(first, CancellationToken.None);

        var taken = await repository.TryAddAsync(AgentSamples.New("1002", "another-password-1", new StoredAgentSkill("caf.logement", 3)), CancellationToken.None);

        Assert.False(taken);
        var list = await repository.ListAsync(CancellationToken.None);
        var only = Assert.Single(list);
        Assert.Equal(first.Id, only.Id);
        Assert.Equal([new StoredAgentSkill("caf.famille", 1)], only.Skills);
        // The refused insert left no orphan skill behind.
        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM agent_skills"));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task An_update_replaces_name_enabled_credentials_and_skills_and_an_update_from_a_stale_read_is_refused(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new AgentRepository(database.Factory);
        var agent = AgentSamples.New("1003", skills: [new StoredAgentSkill("cnav.retraite", 1), new StoredAgentSkill("cnav.carriere", 4)]);
        await repository.TryAddAsync(agent, CancellationToken.None);
        var read = (await repository.FindByIdAsync(agent.Id, CancellationToken.None))!;
        var newCredentials = AgentSamples.New("1003", "a-brand-new-password");
        var changed = read with
        {
            DisplayName = "Camille Martin",
            Enabled = false,
            Ha1Md5 = newCredentials.Ha1Md5,
            Ha1Sha256 = newCredentials.Ha1Sha256,
            Skills = [new StoredAgentSkill("cnav.paiements", 5)],
            UpdatedAt = read.UpdatedAt.AddMinutes(3),
        };

        Assert.True(await repository.TryUpdateAsync(changed, CancellationToken.None));
        Assert.False(await repository.TryUpdateAsync(read with { DisplayName = "lost update" }, CancellationToken.None));
        Assert.False(await repository.TryUpdateAsync(changed with { Id = AgentIds.New() }, CancellationToken.None));

        var stored = (await repository.FindBySipUsernameAsync("1003", CancellationToken.None))!;
        Assert.Equal("Camille Martin", stored.DisplayName);
        Assert.False(stored.Enabled);
        Assert.Equal(newCredentials.Ha1Sha256, stored.Ha1Sha256);
        Assert.Equal(newCredentials.Ha1Md5, stored.Ha1Md5);
        Assert.Equal([new StoredAgentSkill("cnav.paiements", 5)], stored.Skills);
        Assert.Equal(agent.CreatedAt, stored.CreatedAt);
        Assert.Equal(read.UpdatedAt.AddMinutes(3), stored.UpdatedAt);
        Assert.Equal(2, stored.Version);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Agents_list_by_sip_username_and_unknown_ones_are_not_found(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new AgentRepository(database.Factory);
        foreach (var username in new[] { "2002", "1001", "3003" })
        {
            await repository.TryAddAsync(AgentSamples.New(username), CancellationToken.None);
        }

        Assert.Equal(["1001", "2002", "3003"], (await repository.ListAsync(CancellationToken.None)).Select(a => a.SipUsername));
        Assert.Null(await repository.FindByIdAsync(AgentIds.New(), CancellationToken.None));
        Assert.Null(await repository.FindBySipUsernameAsync("9999", CancellationToken.None));
        Assert.Null(await repository.FindBySipUsernameAsync("", CancellationToken.None));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task The_agents_table_holds_the_hashes_and_no_column_for_a_password(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await new AgentRepository(database.Factory).TryAddAsync(AgentSamples.New("1004", "never-stored-in-clear"), CancellationToken.None);

        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        var row = (IDictionary<string, object>)(await connection.QuerySingleAsync("SELECT * FROM agents"));
        Assert.DoesNotContain(row.Keys, k => k.Contains("pass", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(row.Values, v => v is string text && text.Contains("never-stored-in-clear", StringComparison.Ordinal));
        Assert.Equal(64, ((string)row["ha1_sha256"]).Length);
    }

    [Fact]
    public async Task A_skill_level_outside_1_to_5_or_a_queue_listed_twice_is_refused_before_anything_is_written()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await database.MigrateAsync();
        var repository = new AgentRepository(database.Factory);

        await Assert.ThrowsAsync<ArgumentException>(() => repository.TryAddAsync(AgentSamples.New("1005", skills: [new StoredAgentSkill("caf.famille", 6)]), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => repository.TryAddAsync(
            AgentSamples.New("1005", skills: [new StoredAgentSkill("caf.famille", 1), new StoredAgentSkill("caf.famille", 2)]), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => repository.TryAddAsync(AgentSamples.New("1005") with { Id = "1005" }, CancellationToken.None));
        Assert.Empty(await repository.ListAsync(CancellationToken.None));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task The_schema_itself_refuses_a_level_outside_1_to_5(StorageProvider provider)
    {
        // A second line of defence for rows written by hand or by another tool.
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var agent = AgentSamples.New("1006");
        await new AgentRepository(database.Factory).TryAddAsync(agent, CancellationToken.None);

        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            connection.ExecuteAsync("INSERT INTO agent_skills (agent_id, queue_id, level) VALUES (@Id, 'caf.famille', 0)", new { agent.Id }));
    }
}
