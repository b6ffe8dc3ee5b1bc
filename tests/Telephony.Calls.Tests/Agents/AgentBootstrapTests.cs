using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Tests.Agents;

public sealed class AgentBootstrapTests
{
    private static readonly IReadOnlySet<string> Queues = new HashSet<string>(StringComparer.Ordinal) { "cnav.retraite", "cnav.paiements" };

    [Fact]
    public async Task A_fresh_install_gets_the_listed_agents_with_their_name_and_skills_and_every_grain_its_profile()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var existing = await agents.CreateAgentAsync("0999");

        await agents.Bootstrap.RunAsync(
            [Seed(0, "1001", "bootstrap-pass-1", "Camille Martin", ("cnav.retraite", 1), ("cnav.paiements", 3)), Seed(1, "1002", "bootstrap-pass-2")],
            Queues, CancellationToken.None);

        var camille = (await agents.Database.Agents.FindBySipUsernameAsync("1001", CancellationToken.None))!;
        Assert.Equal("Camille Martin", camille.DisplayName);
        Assert.Equal(["cnav.retraite", "cnav.paiements"], camille.Skills.Select(s => s.QueueId));
        Assert.Equal("1002", (await agents.Database.Agents.FindBySipUsernameAsync("1002", CancellationToken.None))!.DisplayName);
        Assert.Equal(camille.Id, await agents.Accounts.VerifyPasswordAsync("1001", "bootstrap-pass-1", CancellationToken.None));
        // Every stored agent, the one created earlier included, was given its profile; and the registrar knows them.
        Assert.Equal(3, agents.Grains.Profiles.Count);
        Assert.True(agents.Grains.Profiles.ContainsKey(existing.Agent.Id));
        Assert.NotNull(await agents.Directory.FindAsync("1002", AgentsUnderTest.Realm));
    }

    [Fact]
    public async Task An_agent_changed_through_the_api_is_never_overwritten_by_the_list()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        await agents.Bootstrap.RunAsync([Seed(0, "1001", "bootstrap-pass-1", "From the list", ("cnav.retraite", 1))], Queues, CancellationToken.None);
        var id = agents.Directory.AgentIdOf("1001")!;
        await agents.Administration.UpdateAsync(id, new AgentChanges("Renamed", "changed-by-the-api", [new AgentSkill("cnav.paiements", 2)], Enabled: false), CancellationToken.None);

        // The next start-up, with the same configuration.
        await agents.Bootstrap.RunAsync([Seed(0, "1001", "bootstrap-pass-1", "From the list", ("cnav.retraite", 1))], Queues, CancellationToken.None);

        var stored = Assert.Single(await agents.Database.Agents.ListAsync(CancellationToken.None));
        Assert.Equal("Renamed", stored.DisplayName);
        Assert.False(stored.Enabled);
        Assert.Equal(["cnav.paiements"], stored.Skills.Select(s => s.QueueId));
        Assert.Null(await agents.Accounts.VerifyPasswordAsync("1001", "bootstrap-pass-1", CancellationToken.None));
    }

    [Theory]
    [InlineData("1001", "eleven-char", "Agents:Accounts:0:Password")]
    [InlineData("", "bootstrap-pass-1", "Agents:Accounts:0:Username")]
    [InlineData("10 01", "bootstrap-pass-1", "Agents:Accounts:0:Username")]
    public void A_bad_entry_stops_the_start_up_naming_its_key(string username, string password, string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AgentBootstrap.Validate([Seed(0, username, password)]));

        Assert.StartsWith(key + " ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_skill_level_outside_1_to_5_a_queue_no_script_names_or_a_username_listed_twice_stops_the_start_up()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();

        Assert.StartsWith("Agents:Accounts:0:Skills:1:Level ", Assert.Throws<InvalidOperationException>(() =>
            AgentBootstrap.Validate([Seed(0, "1001", "bootstrap-pass-1", null, ("cnav.retraite", 1), ("cnav.paiements", 6))])).Message, StringComparison.Ordinal);
        Assert.StartsWith("Agents:Accounts:1:Username ", Assert.Throws<InvalidOperationException>(() =>
            AgentBootstrap.Validate([Seed(0, "1001", "bootstrap-pass-1"), Seed(1, "1001", "bootstrap-pass-2")])).Message, StringComparison.Ordinal);
        var unknownQueue = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            agents.Bootstrap.RunAsync([Seed(0, "1001", "bootstrap-pass-1", null, ("cnav.retaite", 1))], Queues, CancellationToken.None));
        Assert.StartsWith("Agents:Accounts:0:Skills:0:Queue ", unknownQueue.Message, StringComparison.Ordinal);
        Assert.Empty(await agents.Database.Agents.ListAsync(CancellationToken.None));
    }

    private static AgentSeed Seed(int index, string username, string password, string? displayName = null, params (string Queue, int Level)[] skills) =>
        new($"Agents:Accounts:{index}", username, password, displayName,
            skills.Select((s, i) => new AgentSeedSkill($"Agents:Accounts:{index}:Skills:{i}", s.Queue, s.Level)).ToList());
}
