using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>
/// A phone that does not take the call: the caller goes back to the head of the queue with its arrival time, and the
/// agent is paused with the failure's reason (or Ready when the caller left).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OfferFailureTests(ClusterFixture fixture) : GrainScenario(fixture)
{
    [Theory]
    [InlineData(AgentOfferFailure.NoAnswer, "no_answer")]
    [InlineData(AgentOfferFailure.Busy, "busy")]
    [InlineData(AgentOfferFailure.Unreachable, "unreachable")]
    [InlineData(AgentOfferFailure.IncompatiblePhone, "incompatible_phone")]
    public async Task The_caller_goes_back_to_the_head_and_the_agent_is_paused_with_the_reason(AgentOfferFailure failure, string reason)
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var first = await ReadyAgent(new AgentSkill(queueId, 1));
        var caller = Call(joinedAt: Now - TimeSpan.FromMinutes(3));
        await queue.Join(caller, Policy(queueId));
        await ReservedFor(first, caller);
        Assert.True(await first.Ringing(caller.CallId));
        var later = Call();
        await queue.Join(later, Policy(queueId));

        Assert.True(await first.OfferFailed(caller.CallId, failure));

        var paused = await first.GetState();
        Assert.Equal(AgentStatus.Paused, paused.Status);
        Assert.Equal(reason, paused.PauseReason);
        Assert.Null(paused.Call);
        var snapshot = await queue.GetSnapshot();
        Assert.Equal([caller.CallId, later.CallId], snapshot.Waiting.Select(c => c.CallId));
        Assert.Equal(caller.JoinedAt, snapshot.Waiting[0].JoinedAt);
        Assert.Empty(snapshot.Claims);

        var next = await ReadyAgent(new AgentSkill(queueId, 3));
        await ReservedFor(next, caller);
    }

    [Fact]
    public async Task A_caller_who_hangs_up_while_the_phone_rings_leaves_the_queue_and_the_agent_is_Ready()
    {
        var (agent, queue, _, caller, _) = await ReservedAgent();
        Assert.True(await agent.Ringing(caller.CallId));

        Assert.True(await agent.OfferFailed(caller.CallId, AgentOfferFailure.CallerLeft));

        Assert.Equal(AgentStatus.Ready, (await agent.GetState()).Status);
        var snapshot = await queue.GetSnapshot();
        Assert.Empty(snapshot.Waiting);
        Assert.Equal(1, snapshot.TotalLeft[QueueLeaveReason.CallerHungUp]);
        Assert.Equal(1, Node.ReservationsFor(caller.CallId));
    }

    [Fact]
    public async Task An_agent_logged_out_while_the_phone_rang_is_LoggedOut_after_the_failure_not_Paused()
    {
        var (agent, queue, _, caller, _) = await ReservedAgent();
        Assert.True(await agent.Ringing(caller.CallId));

        await agent.SetPhoneRegistered(false);
        Assert.Equal(AgentStatus.Ringing, (await agent.GetState()).Status);
        Assert.True(await agent.OfferFailed(caller.CallId, AgentOfferFailure.Unreachable));

        var state = await agent.GetState();
        Assert.Equal(AgentStatus.LoggedOut, state.Status);
        Assert.Equal("unregistered", state.LastLogoutReason);
        Assert.Null((await queue.GetSnapshot()).Claims.GetValueOrDefault(caller.CallId));
    }
}
