using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>
/// The agent's state machine, state by command: what a supervisor's console may do in each state, and what a refused
/// command leaves (everything as it was, with the reason).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AgentTransitionTests(ClusterFixture fixture) : GrainScenario(fixture)
{
    private const string Lunch = "déjeuner";

    [Theory]
    [InlineData(AgentStatus.LoggedOut, "ready", AgentStatus.LoggedOut, AgentRefusals.LoggedOut)]
    [InlineData(AgentStatus.LoggedOut, "pause", AgentStatus.LoggedOut, AgentRefusals.LoggedOut)]
    [InlineData(AgentStatus.LoggedOut, "end-wrap-up", AgentStatus.LoggedOut, AgentRefusals.NotInWrapUp)]
    [InlineData(AgentStatus.LoggedOut, "log-in", AgentStatus.Ready, null)]
    [InlineData(AgentStatus.LoggedOut, "log-out", AgentStatus.LoggedOut, null)]
    [InlineData(AgentStatus.Ready, "ready", AgentStatus.Ready, null)]
    [InlineData(AgentStatus.Ready, "pause", AgentStatus.Paused, null)]
    [InlineData(AgentStatus.Ready, "end-wrap-up", AgentStatus.Ready, AgentRefusals.NotInWrapUp)]
    [InlineData(AgentStatus.Ready, "log-in", AgentStatus.Ready, null)]
    [InlineData(AgentStatus.Ready, "log-out", AgentStatus.LoggedOut, null)]
    [InlineData(AgentStatus.Reserved, "ready", AgentStatus.Reserved, AgentRefusals.HandlingCall)]
    [InlineData(AgentStatus.Reserved, "pause", AgentStatus.Reserved, AgentRefusals.HandlingCall)]
    [InlineData(AgentStatus.Reserved, "end-wrap-up", AgentStatus.Reserved, AgentRefusals.NotInWrapUp)]
    [InlineData(AgentStatus.Reserved, "log-in", AgentStatus.Reserved, null)]
    [InlineData(AgentStatus.Reserved, "log-out", AgentStatus.Reserved, null)]
    [InlineData(AgentStatus.Ringing, "ready", AgentStatus.Ringing, AgentRefusals.HandlingCall)]
    [InlineData(AgentStatus.Ringing, "pause", AgentStatus.Ringing, AgentRefusals.HandlingCall)]
    [InlineData(AgentStatus.Ringing, "end-wrap-up", AgentStatus.Ringing, AgentRefusals.NotInWrapUp)]
    [InlineData(AgentStatus.Ringing, "log-in", AgentStatus.Ringing, null)]
    [InlineData(AgentStatus.Ringing, "log-out", AgentStatus.Ringing, null)]
    [InlineData(AgentStatus.OnCall, "ready", AgentStatus.OnCall, AgentRefusals.HandlingCall)]
    [InlineData(AgentStatus.OnCall, "pause", AgentStatus.OnCall, AgentRefusals.HandlingCall)]
    [InlineData(AgentStatus.OnCall, "end-wrap-up", AgentStatus.OnCall, AgentRefusals.NotInWrapUp)]
    [InlineData(AgentStatus.OnCall, "log-in", AgentStatus.OnCall, null)]
    [InlineData(AgentStatus.OnCall, "log-out", AgentStatus.OnCall, null)]
    [InlineData(AgentStatus.WrapUp, "ready", AgentStatus.Ready, null)]
    [InlineData(AgentStatus.WrapUp, "pause", AgentStatus.Paused, null)]
    [InlineData(AgentStatus.WrapUp, "end-wrap-up", AgentStatus.Ready, null)]
    [InlineData(AgentStatus.WrapUp, "log-in", AgentStatus.WrapUp, null)]
    [InlineData(AgentStatus.WrapUp, "log-out", AgentStatus.WrapUp, null)]
    [InlineData(AgentStatus.Paused, "ready", AgentStatus.Ready, null)]
    [InlineData(AgentStatus.Paused, "pause", AgentStatus.Paused, null)]
    [InlineData(AgentStatus.Paused, "end-wrap-up", AgentStatus.Paused, AgentRefusals.NotInWrapUp)]
    [InlineData(AgentStatus.Paused, "log-in", AgentStatus.Paused, null)]
    [InlineData(AgentStatus.Paused, "log-out", AgentStatus.LoggedOut, null)]
    public async Task Each_command_in_each_state_is_done_or_refused_with_its_reason(
        AgentStatus from, string command, AgentStatus expected, string? refusal)
    {
        var (agent, _, _) = await AgentIn(from);
        var before = await agent.GetState();

        var result = command switch
        {
            "ready" => await agent.SetReady(),
            "pause" => await agent.Pause(Lunch),
            "end-wrap-up" => await agent.EndWrapUp(),
            "log-in" => await agent.LogIn(null),
            "log-out" => await agent.LogOut(null, "supervisor"),
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };

        Assert.Equal(refusal is null, result.Accepted);
        Assert.Equal(refusal, result.Refusal);
        Assert.Equal(expected, result.State.Status);
        Assert.Equal(expected, (await agent.GetState()).Status);
        if (refusal is not null)
        {
            AssertUnchanged(before, result.State);
        }

        if (expected == AgentStatus.Paused && command == "pause")
        {
            Assert.Equal(Lunch, result.State.PauseReason);
        }
    }

    [Theory]
    [InlineData(AgentStatus.Reserved, "ringing", true, AgentStatus.Ringing)]
    [InlineData(AgentStatus.Reserved, "answered", true, AgentStatus.OnCall)]
    [InlineData(AgentStatus.Reserved, "still-on-call", false, AgentStatus.Reserved)]
    [InlineData(AgentStatus.Reserved, "ended", false, AgentStatus.Reserved)]
    [InlineData(AgentStatus.Reserved, "no-answer", true, AgentStatus.Paused)]
    [InlineData(AgentStatus.Ringing, "ringing", false, AgentStatus.Ringing)]
    [InlineData(AgentStatus.Ringing, "answered", true, AgentStatus.OnCall)]
    [InlineData(AgentStatus.Ringing, "still-on-call", false, AgentStatus.Ringing)]
    [InlineData(AgentStatus.Ringing, "ended", false, AgentStatus.Ringing)]
    [InlineData(AgentStatus.Ringing, "no-answer", true, AgentStatus.Paused)]
    [InlineData(AgentStatus.OnCall, "ringing", false, AgentStatus.OnCall)]
    [InlineData(AgentStatus.OnCall, "answered", false, AgentStatus.OnCall)]
    [InlineData(AgentStatus.OnCall, "still-on-call", true, AgentStatus.OnCall)]
    [InlineData(AgentStatus.OnCall, "ended", true, AgentStatus.WrapUp)]
    [InlineData(AgentStatus.OnCall, "no-answer", false, AgentStatus.OnCall)]
    [InlineData(AgentStatus.WrapUp, "ringing", false, AgentStatus.WrapUp)]
    [InlineData(AgentStatus.WrapUp, "answered", false, AgentStatus.WrapUp)]
    [InlineData(AgentStatus.WrapUp, "still-on-call", false, AgentStatus.WrapUp)]
    [InlineData(AgentStatus.WrapUp, "ended", false, AgentStatus.WrapUp)]
    [InlineData(AgentStatus.WrapUp, "no-answer", false, AgentStatus.WrapUp)]
    [InlineData(AgentStatus.Ready, "ringing", false, AgentStatus.Ready)]
    [InlineData(AgentStatus.Ready, "answered", false, AgentStatus.Ready)]
    [InlineData(AgentStatus.Ready, "no-answer", false, AgentStatus.Ready)]
    [InlineData(AgentStatus.Paused, "answered", false, AgentStatus.Paused)]
    [InlineData(AgentStatus.LoggedOut, "ringing", false, AgentStatus.LoggedOut)]
    public async Task Each_report_of_the_node_moves_the_agent_only_from_the_state_that_expects_it(
        AgentStatus from, string report, bool expectedAnswer, AgentStatus expected)
    {
        var (agent, _, call) = await AgentIn(from);

        var answer = await Report(agent, report, call.CallId);

        Assert.Equal(expectedAnswer, answer);
        Assert.Equal(expected, (await agent.GetState()).Status);
    }

    [Theory]
    [InlineData(AgentStatus.Reserved)]
    [InlineData(AgentStatus.Ringing)]
    [InlineData(AgentStatus.OnCall)]
    public async Task A_report_naming_another_call_is_refused_and_changes_nothing(AgentStatus from)
    {
        var (agent, _, _) = await AgentIn(from);
        var before = await agent.GetState();

        foreach (var report in new[] { "ringing", "answered", "still-on-call", "ended", "no-answer" })
        {
            Assert.False(await Report(agent, report, "someone-elses-call"));
        }

        AssertUnchanged(before, await agent.GetState());
    }

    [Fact]
    public async Task Reserved_Ringing_and_OnCall_name_their_call_and_a_deadline()
    {
        var queueId = NewId("queue");
        var agent = await ReadyAgent(new AgentSkill(queueId, 1));
        var call = Call();
        await Queue(queueId).Join(call, Policy(queueId) with { RingTimeout = TimeSpan.FromSeconds(15) });

        var reserved = await ReservedFor(agent, call);
        Assert.Equal(Now + AgentDeadlines.Reservation, reserved.Deadline);
        Assert.Equal(queueId, reserved.Call!.QueueId);

        Assert.True(await agent.Ringing(call.CallId));
        var ringing = await agent.GetState();
        Assert.Equal(Now + TimeSpan.FromSeconds(15) + AgentDeadlines.RingMargin, ringing.Deadline);

        Assert.True(await agent.Answered(call.CallId));
        var onCall = await agent.GetState();
        Assert.Equal(Now + AgentDeadlines.OnCallLease, onCall.Deadline);
        Assert.Equal(call.CallId, onCall.Call!.CallId);
        Assert.Null(await Queue(queueId).GetPosition(call.CallId)); // Answered: no longer waiting.

        Assert.True(await agent.CallEnded(call.CallId));
        var wrapUp = await agent.GetState();
        Assert.Equal(Now + QueuePolicy.DefaultWrapUp, wrapUp.Deadline);
        Assert.Equal(call.CallId, wrapUp.Call!.CallId);

        Assert.True((await agent.EndWrapUp()).Accepted);
        var ready = await agent.GetState();
        Assert.Null(ready.Call);
        Assert.Null(ready.Deadline);
        Assert.True(ready.Version > wrapUp.Version);
    }

    [Fact]
    public async Task Logging_in_needs_a_profile_an_enabled_agent_a_registered_phone_and_the_skill()
    {
        var queueId = NewId("queue");
        var unknown = Grains.GetGrain<IAgentGrain>(NewId("agent"));
        Assert.Equal(AgentRefusals.NotConfigured, (await unknown.LogIn(null)).Refusal);
        Assert.Null(await unknown.GetProfile());

        var agent = await Agent(new AgentSkill(queueId, 2));
        Assert.Equal(AgentRefusals.NotSkilled, (await agent.LogIn("another-queue")).Refusal);

        await agent.SetPhoneRegistered(false);
        var unregistered = await agent.LogIn(queueId);
        Assert.Equal(AgentRefusals.PhoneNotRegistered, unregistered.Refusal);
        Assert.Equal(AgentStatus.LoggedOut, unregistered.State.Status);

        await agent.SetPhoneRegistered(true);
        var profile = (await agent.GetProfile())!;
        await agent.Configure(profile with { Enabled = false });
        Assert.Equal(AgentRefusals.Disabled, (await agent.LogIn(queueId)).Refusal);
    }

    [Fact]
    public async Task Logging_out_of_one_queue_keeps_the_agent_in_the_others()
    {
        string first = NewId("queue"), second = NewId("queue");
        var agent = await ReadyAgent(new AgentSkill(first, 1), new AgentSkill(second, 3));

        var result = await agent.LogOut(first, "agent");

        Assert.True(result.Accepted);
        Assert.Equal(AgentStatus.Ready, result.State.Status);
        Assert.Equal([second], result.State.LoggedInQueues);
        Assert.Equal(AgentRefusals.NotLoggedInToQueue, (await agent.LogOut(first, "agent")).Refusal);

        var last = await agent.LogOut(second, "agent");
        Assert.Equal(AgentStatus.LoggedOut, last.State.Status);
        Assert.Equal("agent", last.State.LastLogoutReason);
    }

    [Fact]
    public async Task A_pause_needs_a_reason_and_a_new_reason_replaces_the_old_one()
    {
        var agent = await ReadyAgent(new AgentSkill(NewId("queue"), 1));

        Assert.Equal(AgentRefusals.NoPauseReason, (await agent.Pause(" ")).Refusal);
        Assert.Equal("formation", (await agent.Pause("formation")).State.PauseReason);
        Assert.Equal(Lunch, (await agent.Pause(Lunch)).State.PauseReason);

        var ready = await agent.SetReady();
        Assert.Equal(AgentStatus.Ready, ready.State.Status);
        Assert.Null(ready.State.PauseReason);
    }

    [Fact]
    public async Task Profile_queues_and_pause_survive_a_restart_of_the_grain_but_the_call_does_not()
    {
        var queueId = NewId("queue");
        var agent = await ReadyAgent(new AgentSkill(queueId, 2));
        await agent.Pause("formation");

        await agent.Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
        var restarted = await agent.GetState();

        Assert.Equal(AgentStatus.Paused, restarted.Status);
        Assert.Equal("formation", restarted.PauseReason);
        Assert.Equal([queueId], restarted.LoggedInQueues);
        Assert.True(restarted.PhoneRegistered);
        Assert.Equal(2, (await agent.GetProfile())!.Skills.Single().Level);
    }

    [Fact]
    public async Task An_agent_whose_grain_restarts_during_a_call_is_back_without_it()
    {
        var (agent, _, _) = await AgentIn(AgentStatus.OnCall);

        await agent.Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
        var restarted = await agent.GetState();

        Assert.Equal(AgentStatus.Ready, restarted.Status);
        Assert.Null(restarted.Call);
        Assert.Null(restarted.Deadline);
    }

    /// <summary>Nothing moved, not even the version.</summary>
    private static void AssertUnchanged(AgentState before, AgentState after)
    {
        Assert.Equal(before with { LoggedInQueues = [] }, after with { LoggedInQueues = [] });
        Assert.Equal(before.LoggedInQueues, after.LoggedInQueues);
    }

    private static Task<bool> Report(IAgentGrain agent, string report, string callId) => report switch
    {
        "ringing" => agent.Ringing(callId),
        "answered" => agent.Answered(callId),
        "still-on-call" => agent.StillOnCall(callId),
        "ended" => agent.CallEnded(callId),
        "no-answer" => agent.OfferFailed(callId, AgentOfferFailure.NoAnswer),
        _ => throw new ArgumentOutOfRangeException(nameof(report)),
    };

    /// <summary>A fresh agent (one queue, level 1) brought to the state, with its queue and the call it handles there.</summary>
    private async Task<(IAgentGrain Agent, IQueueGrain Queue, QueuedCall Call)> AgentIn(AgentStatus status)
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var call = Call();
        var agent = await Agent(new AgentSkill(queueId, 1));
        if (status == AgentStatus.LoggedOut)
        {
            return (agent, queue, call);
        }

        await agent.LogIn(null);
        if (status is AgentStatus.Ready or AgentStatus.Paused)
        {
            if (status == AgentStatus.Paused)
            {
                await agent.Pause("formation");
            }

            return (agent, queue, call);
        }

        await queue.Join(call, Policy(queueId));
        await ReservedFor(agent, call);
        var steps = new (AgentStatus Reached, Func<Task<bool>> Next)[]
        {
            (AgentStatus.Reserved, () => agent.Ringing(call.CallId)),
            (AgentStatus.Ringing, () => agent.Answered(call.CallId)),
            (AgentStatus.OnCall, () => agent.CallEnded(call.CallId)),
        };
        foreach (var (reached, next) in steps)
        {
            if (reached == status)
            {
                break;
            }

            Assert.True(await next());
        }

        Assert.Equal(status, (await agent.GetState()).Status);
        return (agent, queue, call);
    }
}
