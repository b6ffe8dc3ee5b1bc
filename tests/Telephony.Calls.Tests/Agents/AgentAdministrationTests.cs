using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;
using Telephony.Sip.Auth;
using Telephony.Storage;

namespace Telephony.Calls.Tests.Agents;

public sealed class AgentAdministrationTests
{
    private static readonly byte[] NonceSecret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task A_created_agent_is_stored_with_the_hashes_of_its_password_and_its_grain_gets_the_profile()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();

        var created = await agents.CreateAgentAsync("1001", "correct-horse-battery", new AgentSkill("cnav.retraite", 2));

        Assert.True(AgentIds.IsValid(created.Agent.Id));
        var stored = (await agents.Database.Agents.FindByIdAsync(created.Agent.Id, CancellationToken.None))!;
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("1001:telephony:correct-horse-battery"))), stored.Ha1Md5);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("1001:telephony:correct-horse-battery"))), stored.Ha1Sha256);
        Assert.Equal("telephony", stored.Ha1Realm);
        var profile = agents.Grains.Profiles[created.Agent.Id];
        Assert.Equal(new AgentProfile(created.Agent.Id, "Agent 1001", "1001", profile.Skills, true), profile);
        Assert.Equal([new AgentSkill("cnav.retraite", 2)], profile.Skills);
        Assert.NotNull(created.State);
    }

    [Fact]
    public async Task A_second_agent_with_a_taken_username_is_refused()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        await agents.CreateAgentAsync("1001");

        var second = await agents.Administration.CreateAsync(new NewAgent("Someone else", "1001", "another-password", []), CancellationToken.None);

        Assert.Null(second);
        Assert.Single(await agents.Database.Agents.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_registrar_authenticates_an_agent_at_once_against_its_stored_hashes_and_not_once_disabled()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var digest = new DigestServer(AgentsUnderTest.Realm, agents.Directory, NonceSecret, TimeSpan.FromMinutes(5));
        var agent = await agents.CreateAgentAsync("1001", "correct-horse-battery");

        Assert.Equal(DigestVerdict.Accepted, (await CheckAsync(digest, "1001", "correct-horse-battery")).Verdict);
        Assert.Equal(DigestVerdict.Rejected, (await CheckAsync(digest, "1001", "wrong-password-1")).Verdict);
        Assert.Equal(agent.Agent.Id, agents.Directory.AgentIdOf("1001"));

        await agents.Administration.UpdateAsync(agent.Agent.Id, new AgentChanges(Enabled: false), CancellationToken.None);

        Assert.Equal(DigestVerdict.Rejected, (await CheckAsync(digest, "1001", "correct-horse-battery")).Verdict);
        Assert.Equal(agent.Agent.Id, agents.Directory.AgentIdOf("1001"));
    }

    [Fact]
    public async Task Another_node_authenticates_an_agent_created_a_moment_ago_without_waiting_for_its_periodic_reload()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        // The other node's directory over the same database, loaded before the agent existed.
        using var otherNode = new AgentDirectory(agents.Database.Agents, AgentsUnderTest.Realm, TimeProvider.System, NullLogger<AgentDirectory>.Instance);
        await otherNode.RefreshAsync(CancellationToken.None);
        var digest = new DigestServer(AgentsUnderTest.Realm, otherNode, NonceSecret, TimeSpan.FromMinutes(5));

        var agent = await agents.CreateAgentAsync("1001", "correct-horse-battery");

        Assert.Equal(DigestVerdict.Accepted, (await CheckAsync(digest, "1001", "correct-horse-battery")).Verdict);
        Assert.Equal(agent.Agent.Id, otherNode.AgentIdOf("1001"));
    }

    [Fact]
    public async Task Credentials_hashed_for_another_realm_cannot_register_until_a_new_password_is_set()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var agent = await agents.CreateAgentAsync("1001", "correct-horse-battery");
        // The operator changed Agents:Realm since: the stored hashes were computed for "telephony".
        var moved = new AgentDirectory(agents.Database.Agents, "cnav-agents", TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<AgentDirectory>.Instance);
        var administration = new AgentAdministration(agents.Database.Agents, moved, agents.Grains, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<AgentAdministration>.Instance);
        await moved.RefreshAsync(CancellationToken.None);
        var digest = new DigestServer("cnav-agents", moved, NonceSecret, TimeSpan.FromMinutes(5));

        Assert.Equal(DigestVerdict.Rejected, (await CheckAsync(digest, "1001", "correct-horse-battery")).Verdict);
        await administration.UpdateAsync(agent.Agent.Id, new AgentChanges(Password: "correct-horse-battery"), CancellationToken.None);

        Assert.Equal(DigestVerdict.Accepted, (await CheckAsync(digest, "1001", "correct-horse-battery")).Verdict);
        Assert.Equal("cnav-agents", (await agents.Database.Agents.FindByIdAsync(agent.Agent.Id, CancellationToken.None))!.Ha1Realm);
        moved.Dispose();
    }

    [Fact]
    public async Task Disabling_an_agent_configures_its_grain_disabled_and_logs_it_out()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var agent = await agents.CreateAgentAsync("1001");
        // A grain that stayed Ready after being told the agent is disabled: the administration logs it out itself.
        agents.Grains.StatusAfterConfigure = AgentStatus.Ready;

        var changed = await agents.Administration.UpdateAsync(agent.Agent.Id, new AgentChanges(Enabled: false), CancellationToken.None);

        Assert.False(changed!.Agent.Enabled);
        Assert.False(agents.Grains.Profiles[agent.Agent.Id].Enabled);
        Assert.Contains($"LogOut {agent.Agent.Id} * disabled", agents.Grains.Commands);
        Assert.Equal(AgentStatus.LoggedOut, changed.State!.Status);
        Assert.Equal("disabled", changed.State.LastLogoutReason);
    }

    [Fact]
    public async Task A_change_keeps_what_it_does_not_name_and_bumps_the_version()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var agent = await agents.CreateAgentAsync("1001", skills: new AgentSkill("caf.famille", 1));

        var renamed = await agents.Administration.UpdateAsync(agent.Agent.Id, new AgentChanges(DisplayName: "  Camille Martin "), CancellationToken.None);
        var reskilled = await agents.Administration.UpdateAsync(agent.Agent.Id, new AgentChanges(Skills: [new AgentSkill("caf.logement", 4)]), CancellationToken.None);

        Assert.Equal("Camille Martin", renamed!.Agent.DisplayName);
        Assert.Equal([new StoredAgentSkill("caf.famille", 1)], renamed.Agent.Skills);
        Assert.Equal(agent.Agent.Ha1Sha256, reskilled!.Agent.Ha1Sha256);
        Assert.Equal("Camille Martin", reskilled.Agent.DisplayName);
        Assert.Equal([new AgentSkill("caf.logement", 4)], agents.Grains.Profiles[agent.Agent.Id].Skills);
        Assert.Equal(3, (await agents.Database.Agents.FindByIdAsync(agent.Agent.Id, CancellationToken.None))!.Version);
        Assert.Null(await agents.Administration.UpdateAsync("ag_aaaaaaaaaaaaaaaa", new AgentChanges(DisplayName: "x"), CancellationToken.None));
    }

    [Fact]
    public async Task An_unreachable_grain_does_not_lose_the_stored_change_and_the_state_reads_as_unknown()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        agents.Grains.Failure = new TimeoutException("silo down");

        var created = await agents.CreateAgentAsync("1001");

        Assert.Null(created.State);
        Assert.NotNull(await agents.Database.Agents.FindBySipUsernameAsync("1001", CancellationToken.None));
        Assert.Null(await agents.Administration.StateOfAsync(created.Agent.Id));
    }

    private static ValueTask<DigestCheck> CheckAsync(DigestServer server, string user, string password)
    {
        var challenge = DigestChallenge.TryParse(server.CreateChallenges(stale: false)[0])!;
        var answer = DigestClient.Answer(challenge, new SipClientCredentials(user, password), "REGISTER", "sip:127.0.0.1")!;
        return server.CheckAsync("REGISTER", [answer.ToHeaderValue()]);
    }
}
