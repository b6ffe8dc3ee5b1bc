using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>What a queue's policy does: its limits, the no-agent rule, the maximum wait, and the leases of its calls.</summary>
[Collection(ClusterCollection.Name)]
public sealed class QueuePolicyTests(ClusterFixture fixture) : GrainScenario(fixture)
{
    [Fact]
    public async Task A_full_queue_refuses_the_next_caller_who_overflows()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var policy = Policy(queueId) with { MaxWaiting = 2, OverflowQueueId = "cnav.debordement" };
        await queue.Join(Call(), policy);
        await queue.Join(Call(), policy);

        var third = await queue.Join(Call(), policy);

        Assert.Equal(QueueJoinStatus.Full, third.Status);
        Assert.Null(third.Position);
        Assert.Equal(2, (await queue.GetSnapshot()).Waiting.Count);
    }

    [Fact]
    public async Task With_no_agent_logged_in_the_overflow_rule_refuses_and_the_wait_rule_admits()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var overflow = Policy(queueId) with { WhenNoAgent = NoAgentRule.Overflow };

        Assert.Equal(QueueJoinStatus.NoAgent, (await queue.Join(Call(), overflow)).Status);
        var patient = Call();
        Assert.Equal(QueueJoinStatus.Joined, (await queue.Join(patient, overflow with { WhenNoAgent = NoAgentRule.Wait })).Status);
        await queue.Leave(patient.CallId, QueueLeaveReason.CallerHungUp);

        // A paused agent is logged in: callers wait for them.
        var agent = await ReadyAgent(new AgentSkill(queueId, 1));
        await agent.Pause("déjeuner");
        await Eventually(queue.GetStats, s => s.AgentsByStatus.GetValueOrDefault(AgentStatus.Paused) == 1, "one agent paused");
        Assert.Equal(QueueJoinStatus.Joined, (await queue.Join(Call(), overflow)).Status);
    }

    [Fact]
    public async Task A_call_past_the_maximum_wait_is_not_offered_to_an_agent()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var policy = Policy(queueId) with { MaxWait = TimeSpan.FromSeconds(40) };
        var overdue = Call();
        await queue.Join(overdue, policy);
        Advance(TimeSpan.FromSeconds(25));
        Assert.NotNull(await queue.GetPosition(overdue.CallId));
        Advance(TimeSpan.FromSeconds(15));
        var fresh = Call();
        await queue.Join(fresh, policy);

        Assert.Equal(fresh.CallId, (await queue.Peek())!.CallId);
        var agent = await ReadyAgent(new AgentSkill(queueId, 1));

        await ReservedFor(agent, fresh); // The node is about to send the overdue caller away: not worth a ring.
        Assert.Null(await queue.Peek());
        Assert.Equal(0, Node.ReservationsFor(overdue.CallId));
    }

    [Fact]
    public async Task A_call_whose_node_stopped_checking_is_dropped_after_its_lease()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var forgotten = Call();
        var alive = Call();
        await queue.Join(forgotten, Policy(queueId));
        await queue.Join(alive, Policy(queueId));

        Advance(TimeSpan.FromSeconds(20));
        Assert.NotNull(await queue.GetPosition(alive.CallId));
        Advance(QueueClaim.CallLease - TimeSpan.FromSeconds(20));

        var snapshot = await Eventually(queue.GetSnapshot, s => s.Waiting.Count == 1, "the forgotten call dropped");
        Assert.Equal(alive.CallId, snapshot.Waiting.Single().CallId);
        Assert.Equal(1, snapshot.TotalLeft[QueueLeaveReason.SystemError]);
    }

    [Fact]
    public async Task A_claim_whose_agent_never_released_it_is_offered_again_after_its_lease()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var policy = Policy(queueId) with { RingTimeout = TimeSpan.FromSeconds(15) };
        var call = Call();
        await queue.Join(call, policy);
        var reservedUntil = Now + AgentDeadlines.Reservation;
        var claim = await queue.Claim(new AgentPresence("agent-whose-silo-died", 1, AgentStatus.Ready, Now, LoggedIn: true, Version: 1), reservedUntil);
        Assert.Equal(TimeSpan.FromSeconds(15), claim!.Policy.RingTimeout);
        var agent = await ReadyAgent(new AgentSkill(queueId, 1));
        Assert.Null(await queue.Peek());

        Advance(AgentDeadlines.Reservation + TimeSpan.FromSeconds(15) + QueueClaim.Grace);

        await ReservedFor(agent, call);
    }

    [Fact]
    public async Task A_queue_that_lost_its_list_takes_its_callers_back_at_their_place_whatever_its_limits()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var strict = Policy(queueId) with { MaxWaiting = 1, WhenNoAgent = NoAgentRule.Overflow };
        var first = Call(joinedAt: Now - TimeSpan.FromMinutes(2));
        var second = Call(joinedAt: Now - TimeSpan.FromMinutes(1));
        await queue.Join(Call(), Policy(queueId));

        await queue.Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Empty((await queue.GetSnapshot()).Waiting);
        Advance(TimeSpan.FromSeconds(1));
        await queue.Join(second, strict);
        await queue.Join(first, strict);

        Assert.Equal([first.CallId, second.CallId], (await queue.GetSnapshot()).Waiting.Select(c => c.CallId));
        Assert.Equal(QueueJoinStatus.Full, (await queue.Join(Call(), strict)).Status); // A newcomer meets the limits.
    }

    [Fact]
    public async Task A_queue_that_lost_its_view_of_a_ready_agent_gets_its_call_served_within_one_refresh_interval()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var agent = await ReadyAgent(new AgentSkill(queueId, 1));
        await Eventually(async () => (await queue.GetStats()).AgentsByStatus.GetValueOrDefault(AgentStatus.Ready), n => n == 1, "the queue knows the agent");

        // Its silo died: the queue comes back empty, a waiting call re-joins, and no agent is known to offer it to.
        await queue.Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
        var call = Call(joinedAt: Now - TimeSpan.FromMinutes(1));
        await queue.Join(call, Policy(queueId));
        Assert.Empty((await queue.GetStats()).AgentsByStatus);
        Assert.Equal(AgentStatus.Ready, (await agent.GetState()).Status);

        // The agent's next refresh finds the call.
        Advance(AgentPresence.RefreshInterval);
        await ReservedFor(agent, call);
        // The reservation reaches the call's node one-way, after the agent's state says Reserved: awaited, not read.
        await Eventually(() => Task.FromResult(Node.ReservationsFor(call.CallId)), n => n == 1, "the call's node is told of the reservation");
    }

    [Fact]
    public async Task A_re_join_with_an_earlier_arrival_time_moves_the_caller_up_to_it()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var early = Call(joinedAt: Now - TimeSpan.FromSeconds(30));
        var late = Call(joinedAt: Now);
        await queue.Join(early, Policy(queueId));
        await queue.Join(late, Policy(queueId));

        var moved = await queue.Join(late with { JoinedAt = Now - TimeSpan.FromSeconds(60) }, Policy(queueId));

        Assert.Equal(1, moved.Position!.Position);
        Assert.Equal([late.CallId, early.CallId], (await queue.GetSnapshot()).Waiting.Select(c => c.CallId));
    }
}
