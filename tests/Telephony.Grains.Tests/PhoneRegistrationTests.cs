using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>
/// A phone registered through any node is known to the whole cluster, and its agent is registered while any node
/// holds a binding that has not expired.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PhoneRegistrationTests(ClusterFixture fixture) : GrainScenario(fixture)
{
    private const string NodeA = "S127.0.0.1:11111:1";
    private const string NodeB = "S127.0.0.1:11112:1";

    [Fact]
    public async Task Bindings_of_two_nodes_are_both_known_and_the_agent_is_registered_until_the_last_node_has_none()
    {
        var (agent, registrations) = await UnregisteredAgentAsync();
        var viaKamailio = Binding(NodeA, "sip:3001@10.0.0.5:5062", ["<sip:127.0.0.1:5060;lr;received=sip:10.0.0.5%3A5062>"], TimeSpan.FromMinutes(5));
        var direct = Binding(NodeB, "sip:3001@127.0.0.1:40000", [], TimeSpan.FromMinutes(10));

        await registrations.Publish(agent.GetPrimaryKeyString(), NodeA, [viaKamailio]);
        var both = await registrations.Publish(agent.GetPrimaryKeyString(), NodeB, [direct]);

        Assert.Equal([direct, viaKamailio], both); // The latest to expire first.
        Assert.True((await agent.GetState()).PhoneRegistered);
        await registrations.Publish(agent.GetPrimaryKeyString(), NodeB, []);
        Assert.Equal([viaKamailio], await registrations.GetBindings());
        Assert.True((await agent.GetState()).PhoneRegistered);

        await registrations.Publish(agent.GetPrimaryKeyString(), NodeA, []);

        Assert.Empty(await registrations.GetBindings());
        Assert.False((await agent.GetState()).PhoneRegistered);
    }

    [Fact]
    public async Task A_node_that_republishes_replaces_only_its_own_bindings()
    {
        var (agent, registrations) = await UnregisteredAgentAsync();
        await registrations.Publish(agent.GetPrimaryKeyString(), NodeA, [Binding(NodeA, "sip:3001@10.0.0.5:5062", [], TimeSpan.FromMinutes(5))]);
        await registrations.Publish(agent.GetPrimaryKeyString(), NodeB, [Binding(NodeB, "sip:3001@10.0.0.6:5062", [], TimeSpan.FromMinutes(5))]);

        // The node's name is the publisher's, whatever the binding says.
        var after = await registrations.Publish(agent.GetPrimaryKeyString(), NodeA, [Binding("someone-else", "sip:3001@10.0.0.7:5062", [], TimeSpan.FromMinutes(6))]);

        Assert.Equal([(NodeA, "sip:3001@10.0.0.7:5062"), (NodeB, "sip:3001@10.0.0.6:5062")], after.Select(b => (b.Node, b.Contact)));
    }

    [Fact]
    public async Task The_binding_of_a_node_that_never_comes_back_lapses_on_the_clock_and_logs_the_agent_out()
    {
        var (agent, registrations) = await UnregisteredAgentAsync(new AgentSkill(NewId("queue"), 1));
        await registrations.Publish(agent.GetPrimaryKeyString(), NodeA, [Binding(NodeA, "sip:3001@10.0.0.5:5062", [], TimeSpan.FromSeconds(60))]);
        await agent.LogIn(null);
        Assert.Equal(AgentStatus.Ready, (await agent.SetReady()).State.Status);

        Advance(TimeSpan.FromSeconds(59));
        Assert.Single(await registrations.GetBindings());
        Advance(TimeSpan.FromSeconds(2));

        Assert.Empty(await registrations.GetBindings());
        var state = await agent.GetState();
        Assert.False(state.PhoneRegistered);
        Assert.Equal(AgentStatus.LoggedOut, state.Status);
        Assert.Equal("unregistered", state.LastLogoutReason);
    }

    [Fact]
    public async Task An_agent_grain_that_activates_with_a_stale_unregistered_state_takes_the_cluster_s_registration()
    {
        // As after a node's death: the phone's binding is in the cluster, the agent's stored state says unregistered.
        var agent = await Agent();
        var registrations = Grains.GetGrain<IPhoneRegistrationGrain>((await agent.GetProfile())!.SipUsername);
        await registrations.Publish(agent.GetPrimaryKeyString(), NodeA, [Binding(NodeA, "sip:3001@10.0.0.5:5062", [], TimeSpan.FromMinutes(5))]);
        await agent.SetPhoneRegistered(false);

        await agent.Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!(await agent.GetState()).PhoneRegistered && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True((await agent.GetState()).PhoneRegistered);
    }

    [Fact]
    public async Task More_bindings_than_a_node_may_hold_are_refused()
    {
        var (agent, registrations) = await UnregisteredAgentAsync();
        var many = Enumerable.Range(0, 17).Select(i => Binding(NodeA, $"sip:3001@10.0.0.{i}:5062", [], TimeSpan.FromMinutes(5))).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => registrations.Publish(agent.GetPrimaryKeyString(), NodeA, many));
        Assert.Empty(await registrations.GetBindings());
    }

    private async Task<(IAgentGrain Agent, IPhoneRegistrationGrain Registrations)> UnregisteredAgentAsync(params AgentSkill[] skills)
    {
        var agent = await Agent(skills);
        await agent.SetPhoneRegistered(false);
        return (agent, Grains.GetGrain<IPhoneRegistrationGrain>(NewId("sip")));
    }

    private static PhoneBinding Binding(string node, string contact, IReadOnlyList<string> path, TimeSpan lifetime) =>
        new(node, contact, path, "127.0.0.1:5060", "Udp", Now + lifetime);
}
