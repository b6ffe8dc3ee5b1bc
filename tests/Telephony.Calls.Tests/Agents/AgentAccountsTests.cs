using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Tests.Agents;

public sealed class AgentAccountsTests
{
    [Fact]
    public async Task The_right_password_gives_the_agent_id_and_a_wrong_one_an_unknown_user_or_a_disabled_agent_give_nothing()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var camille = await agents.CreateAgentAsync("1001", "correct-horse-battery");
        var disabled = await agents.CreateAgentAsync("1002", "correct-horse-battery");
        await agents.Administration.UpdateAsync(disabled.Agent.Id, new AgentChanges(Enabled: false), CancellationToken.None);

        Assert.Equal(camille.Agent.Id, await agents.Accounts.VerifyPasswordAsync("1001", "correct-horse-battery", CancellationToken.None));
        Assert.Null(await agents.Accounts.VerifyPasswordAsync("1001", "correct-horse-batterY", CancellationToken.None));
        Assert.Null(await agents.Accounts.VerifyPasswordAsync("1001", "", CancellationToken.None));
        Assert.Null(await agents.Accounts.VerifyPasswordAsync("9999", "correct-horse-battery", CancellationToken.None));
        Assert.Null(await agents.Accounts.VerifyPasswordAsync("1002", "correct-horse-battery", CancellationToken.None));
    }

    [Fact]
    public async Task A_changed_password_replaces_the_old_one()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var agent = await agents.CreateAgentAsync("1001", "correct-horse-battery");

        await agents.Administration.UpdateAsync(agent.Agent.Id, new AgentChanges(Password: "a-brand-new-password"), CancellationToken.None);

        Assert.Null(await agents.Accounts.VerifyPasswordAsync("1001", "correct-horse-battery", CancellationToken.None));
        Assert.Equal(agent.Agent.Id, await agents.Accounts.VerifyPasswordAsync("1001", "a-brand-new-password", CancellationToken.None));
    }

    [Fact]
    public async Task Profiles_carry_name_username_skills_and_enabled_and_are_found_by_id_and_username()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var agent = await agents.CreateAgentAsync("1001", skills: [new AgentSkill("cnav.paiements", 3), new AgentSkill("cnav.retraite", 1)]);
        await agents.CreateAgentAsync("1000");

        var byId = await agents.Accounts.FindAsync(agent.Agent.Id, CancellationToken.None);
        var byUsername = await agents.Accounts.FindBySipUsernameAsync("1001", CancellationToken.None);
        var all = await agents.Accounts.ListAsync(CancellationToken.None);

        Assert.NotNull(byId);
        Assert.Equal("Agent 1001", byId.DisplayName);
        Assert.True(byId.Enabled);
        Assert.Equal([new AgentSkill("cnav.retraite", 1), new AgentSkill("cnav.paiements", 3)], byId.Skills);
        Assert.Equal(byId.AgentId, byUsername!.AgentId);
        Assert.Equal(["1000", "1001"], all.Select(p => p.SipUsername));
        Assert.Null(await agents.Accounts.FindAsync("ag_aaaaaaaaaaaaaaaa", CancellationToken.None));
    }
}
