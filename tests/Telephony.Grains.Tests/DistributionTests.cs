using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>
/// Who gets a call: the Ready agent with the best level for the queue, then the one idle longest; an agent of several
/// queues gets the call that has waited longest among the queues where its level is best.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DistributionTests(ClusterFixture fixture) : GrainScenario(fixture)
{
    [Fact]
    public async Task The_best_level_gets_the_call_even_if_a_worse_level_is_idle_longer()
    {
        var queueId = NewId("queue");
        var expert = await Agent(new AgentSkill(queueId, 1));
        var backup = await ReadyAgent(new AgentSkill(queueId, 3));
        Advance(TimeSpan.FromSeconds(1));
        await expert.LogIn(queueId);
        var call = Call();

        await Queue(queueId).Join(call, Policy(queueId));

        await ReservedFor(expert, call);
        Assert.Equal(AgentStatus.Ready, (await backup.GetState()).Status);
    }

    [Fact]
    public async Task At_the_same_level_the_agent_idle_longest_gets_the_call_first()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var longest = await ReadyAgent(new AgentSkill(queueId, 2));
        Advance(TimeSpan.FromSeconds(1));
        var shortest = await ReadyAgent(new AgentSkill(queueId, 2));
        Advance(TimeSpan.FromSeconds(1));
        var first = Call();
        var second = Call();

        await queue.Join(first, Policy(queueId));
        await ReservedFor(longest, first);
        await queue.Join(second, Policy(queueId));
        await ReservedFor(shortest, second);
    }

    [Fact]
    public async Task Paused_and_logged_out_agents_are_never_offered_a_call()
    {
        var queueId = NewId("queue");
        var paused = await ReadyAgent(new AgentSkill(queueId, 1));
        await paused.Pause("déjeuner");
        var loggedOut = await Agent(new AgentSkill(queueId, 1));
        var ready = await ReadyAgent(new AgentSkill(queueId, 5));
        var call = Call();

        await Queue(queueId).Join(call, Policy(queueId));

        await ReservedFor(ready, call);
        Assert.Equal(AgentStatus.Paused, (await paused.GetState()).Status);
        Assert.Equal(AgentStatus.LoggedOut, (await loggedOut.GetState()).Status);
    }

    [Fact]
    public async Task An_agent_of_two_queues_at_the_same_level_takes_the_call_that_waited_longest()
    {
        var (agent, older, _) = await PausedAgentWithAnOlderCallInItsSecondQueue(firstLevel: 1, secondLevel: 1);

        await agent.SetReady();

        await ReservedFor(agent, older);
    }

    [Fact]
    public async Task An_agent_takes_the_queue_where_its_level_is_best_before_an_older_call_elsewhere()
    {
        var (agent, olderElsewhere, newerHere) = await PausedAgentWithAnOlderCallInItsSecondQueue(firstLevel: 1, secondLevel: 2);

        await agent.SetReady();

        await ReservedFor(agent, newerHere);
        await Complete(agent, newerHere.CallId);
        await ReservedFor(agent, olderElsewhere); // Nothing left at its best level: the other queue's turn.
    }

    [Fact]
    public async Task Two_queues_sharing_an_agent_are_served_in_arrival_order_so_neither_starves()
    {
        string pensions = NewId("queue"), taxes = NewId("queue");
        var agent = await ReadyAgent(new AgentSkill(pensions, 1), new AgentSkill(taxes, 1));
        await agent.Pause("formation");
        var start = Now - TimeSpan.FromMinutes(1);
        var calls = new[]
        {
            (Queue: pensions, Call: Call(joinedAt: start)),
            (Queue: taxes, Call: Call(joinedAt: start.AddSeconds(1))),
            (Queue: pensions, Call: Call(joinedAt: start.AddSeconds(2))),
            (Queue: taxes, Call: Call(joinedAt: start.AddSeconds(3))),
        };
        foreach (var (queueId, call) in calls)
        {
            await Queue(queueId).Join(call, Policy(queueId));
        }

        await agent.SetReady();
        foreach (var (_, call) in calls)
        {
            await ReservedFor(agent, call);
            await Complete(agent, call.CallId);
        }
    }

    [Fact]
    public async Task An_expired_registration_logs_the_agent_out_of_every_queue_and_it_gets_no_call()
    {
        string pensions = NewId("queue"), taxes = NewId("queue");
        var agent = await ReadyAgent(new AgentSkill(pensions, 1), new AgentSkill(taxes, 2));
        await Eventually(() => Queue(taxes).GetStats(), s => s.AgentsByStatus.GetValueOrDefault(AgentStatus.Ready) == 1, "one agent Ready in taxes");

        var state = await agent.SetPhoneRegistered(false);

        Assert.Equal(AgentStatus.LoggedOut, state.Status);
        Assert.Equal("unregistered", state.LastLogoutReason);
        Assert.Empty(state.LoggedInQueues);
        foreach (var queueId in new[] { pensions, taxes })
        {
            await Eventually(() => Queue(queueId).GetStats(), s => s.AgentsByStatus.Count == 0, $"no agent left in {queueId}");
            var overflowing = Policy(queueId) with { WhenNoAgent = NoAgentRule.Overflow };
            Assert.Equal(QueueJoinStatus.NoAgent, (await Queue(queueId).Join(Call(), overflowing)).Status);
        }
    }

    /// <summary>A paused agent of two queues at these levels; the second queue's call waited 10 s longer.</summary>
    private async Task<(IAgentGrain Agent, QueuedCall InSecond, QueuedCall InFirst)> PausedAgentWithAnOlderCallInItsSecondQueue(
        int firstLevel, int secondLevel)
    {
        string first = NewId("queue"), second = NewId("queue");
        var agent = await ReadyAgent(new AgentSkill(first, firstLevel), new AgentSkill(second, secondLevel));
        await agent.Pause("formation");
        var older = Call(joinedAt: Now - TimeSpan.FromSeconds(20));
        var newer = Call(joinedAt: Now - TimeSpan.FromSeconds(10));
        await Queue(second).Join(older, Policy(second));
        await Queue(first).Join(newer, Policy(first));
        return (agent, older, newer);
    }
}
