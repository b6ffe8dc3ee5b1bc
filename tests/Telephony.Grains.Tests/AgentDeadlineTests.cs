using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>
/// Whatever fails (the node dies, a report is lost), an agent leaves Reserved, Ringing and OnCall by its deadline and
/// is back in a state where it takes calls; late reports change nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AgentDeadlineTests(ClusterFixture fixture) : GrainScenario(fixture)
{
    [Fact]
    public async Task A_reservation_the_node_never_rang_is_released_at_its_deadline_and_the_call_offered_again()
    {
        var (agent, _, _, call, first) = await ReservedAgent();
        Assert.Equal(call.CallId, (await Node.NextReservation()).CallId);

        Advance(AgentDeadlines.Reservation);

        // Released, Ready, and as the best (only) agent, reserved again for the same caller with a new deadline.
        var again = await Until(agent, s => s.Status == AgentStatus.Reserved && s.Version > first.Version + 1, "Reserved again");
        Assert.Equal(call.CallId, again.Call!.CallId);
        Assert.Equal(Now + AgentDeadlines.Reservation, again.Deadline);
        Assert.Equal(call.CallId, (await Node.NextReservation()).CallId);
        Assert.False(await agent.Ringing("a-call-from-before"));
    }

    [Fact]
    public async Task An_agent_ringing_for_a_call_that_disappeared_is_Ready_by_the_ring_timeout_and_its_margin()
    {
        var (agent, queue, _, call, _) = await ReservedAgent(p => p with { RingTimeout = TimeSpan.FromSeconds(12) });
        Assert.True(await agent.Ringing(call.CallId));
        // The caller's node dies: the caller is gone from the queue (lease) and nobody reports to the agent.
        await queue.Leave(call.CallId, QueueLeaveReason.SystemError);

        Advance(TimeSpan.FromSeconds(12) + AgentDeadlines.RingMargin - TimeSpan.FromSeconds(1));
        Assert.Equal(AgentStatus.Ringing, (await agent.GetState()).Status);
        Advance(TimeSpan.FromSeconds(1));

        var ready = await InStatus(agent, AgentStatus.Ready);
        Assert.Null(ready.Call);
        Assert.False(await agent.Answered(call.CallId)); // Too late: refused, nothing changes.
        Assert.Equal(AgentStatus.Ready, (await agent.GetState()).Status);
    }

    [Fact]
    public async Task On_call_is_a_lease_each_report_moves_on_and_without_reports_the_call_is_taken_as_over()
    {
        var (agent, _, _, call, _) = await ReservedAgent(p => p with { WrapUp = TimeSpan.FromSeconds(10) });
        await Connect(agent, call);

        for (var report = 0; report < 3; report++)
        {
            Advance(AgentDeadlines.StillOnCallInterval);
            Assert.True(await agent.StillOnCall(call.CallId));
        }

        Assert.Equal(AgentStatus.OnCall, (await agent.GetState()).Status);
        Advance(AgentDeadlines.OnCallLease); // The node died: no more reports.

        var wrapUp = await InStatus(agent, AgentStatus.WrapUp);
        Assert.Equal(Now + TimeSpan.FromSeconds(10), wrapUp.Deadline);
        Assert.False(await agent.StillOnCall(call.CallId));
        Advance(TimeSpan.FromSeconds(10));
        await InStatus(agent, AgentStatus.Ready);
    }
}
