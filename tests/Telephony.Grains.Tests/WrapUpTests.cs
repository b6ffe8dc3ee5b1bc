using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>Wrap-up after each call, the queue's time, always respected; and the handle times it feeds.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WrapUpTests(ClusterFixture fixture) : GrainScenario(fixture)
{
    [Fact]
    public async Task No_call_is_offered_during_the_queues_wrap_up_and_the_next_one_is_at_its_end()
    {
        var (agent, queue, policy, first, _) = await ReservedAgent(p => p with { WrapUp = TimeSpan.FromSeconds(45) });
        await Connect(agent, first);
        Assert.True(await agent.CallEnded(first.CallId));
        var waiting = Call();
        await queue.Join(waiting, policy);

        Advance(TimeSpan.FromSeconds(25));
        Assert.NotNull(await queue.GetPosition(waiting.CallId)); // The node checks the call's place: its lease holds.
        Advance(TimeSpan.FromSeconds(19));
        var stillWrapping = await agent.GetState();
        Assert.Equal(AgentStatus.WrapUp, stillWrapping.Status);
        Assert.Empty((await queue.GetSnapshot()).Claims);

        Advance(TimeSpan.FromSeconds(1));
        await ReservedFor(agent, waiting);
    }

    [Fact]
    public async Task The_agent_may_end_the_wrap_up_early_and_takes_the_next_call_at_once()
    {
        var (agent, queue, policy, first, _) = await ReservedAgent();
        await Connect(agent, first);
        Assert.True(await agent.CallEnded(first.CallId));
        var waiting = Call();
        await queue.Join(waiting, policy);

        Assert.True((await agent.EndWrapUp()).Accepted);

        await ReservedFor(agent, waiting);
    }

    [Fact]
    public async Task Handle_times_give_a_decaying_average_and_the_estimated_wait_replaces_none()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var policy = Policy(queueId) with { WrapUp = TimeSpan.FromSeconds(30) };
        var agent = await ReadyAgent(new AgentSkill(queueId, 1));
        Assert.Null((await queue.GetStats()).AverageHandleTime);

        // 120 s of talk and the whole 30 s of wrap-up: 150 s.
        var first = Call();
        await queue.Join(first, policy);
        await ReservedFor(agent, first);
        await Connect(agent, first);
        await Talk(agent, first, TimeSpan.FromSeconds(120));
        Assert.True(await agent.CallEnded(first.CallId));
        Advance(TimeSpan.FromSeconds(30));
        await InStatus(agent, AgentStatus.Ready);
        await Eventually(queue.GetStats, s => s.AverageHandleTime == TimeSpan.FromSeconds(150), "an average of 150 s");

        // 100 s of talk, wrap-up ended at once: 150 + 0.2 × (100 − 150) = 140 s.
        var second = Call();
        await queue.Join(second, policy);
        await ReservedFor(agent, second);
        await Connect(agent, second);
        await Talk(agent, second, TimeSpan.FromSeconds(100));
        Assert.True(await agent.CallEnded(second.CallId));
        await agent.EndWrapUp();
        var stats = await Eventually(queue.GetStats, s => s.AverageHandleTime == TimeSpan.FromSeconds(140), "an average of 140 s");

        // The agent takes one of two new calls; the other is first in line: 1 × 140 s ÷ 1 agent serving.
        await agent.Pause("formation");
        var third = Call();
        var fourth = Call();
        await queue.Join(third, policy);
        var position = (await queue.Join(fourth, policy)).Position!;
        Assert.Equal(2, position.Position);
        Assert.Equal(TimeSpan.FromSeconds(280), position.EstimatedWait); // Nobody serving counts as one.
        await agent.SetReady();
        await ReservedFor(agent, third);
        var ahead = (await queue.GetPosition(fourth.CallId))!;
        Assert.Equal(1, ahead.Position);
        Assert.Equal(TimeSpan.FromSeconds(140), ahead.EstimatedWait);
        Assert.Equal(TimeSpan.FromSeconds(280), (await queue.GetStats()).EstimatedWait); // A newcomer would be second.
        Assert.Equal(TimeSpan.FromSeconds(140), stats.AverageHandleTime);
    }

    /// <summary>The call goes on for this long, its node reporting it as nodes do.</summary>
    private static async Task Talk(IAgentGrain agent, QueuedCall call, TimeSpan duration)
    {
        for (var talked = TimeSpan.Zero; talked < duration; talked += AgentDeadlines.StillOnCallInterval)
        {
            var step = duration - talked < AgentDeadlines.StillOnCallInterval ? duration - talked : AgentDeadlines.StillOnCallInterval;
            Advance(step);
            Assert.True(await agent.StillOnCall(call.CallId));
        }
    }
}
