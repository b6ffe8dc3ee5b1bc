using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>
/// A callback's entry in its queue: nobody is on its line, so the maximum wait does not apply; and a customer-first
/// entry keeps its place without being offered until its citizen answers.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CallbackEntryTests(ClusterFixture fixture) : GrainScenario(fixture)
{
    [Fact]
    public async Task A_callback_that_kept_a_place_older_than_the_maximum_wait_is_still_offered_to_an_agent()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var policy = Policy(queueId) with { MaxWait = TimeSpan.FromMinutes(20) };
        // The citizen asked for it after 25 minutes in line: the entry keeps that arrival.
        var callback = Call(joinedAt: Now - TimeSpan.FromMinutes(25)) with { IsCallback = true };
        await queue.Join(callback, policy);

        Assert.Equal(callback.CallId, (await queue.Peek())!.CallId);
        var agent = await ReadyAgent(new AgentSkill(queueId, 1));
        await ReservedFor(agent, callback);
        // The reservation reaches the call's node one-way, after the agent's state says Reserved: awaited, not read.
        await Eventually(() => Task.FromResult(Node.ReservationsFor(callback.CallId)), n => n == 1, "the call's node is told of the reservation");
    }

    [Fact]
    public async Task A_customer_first_callback_keeps_its_place_unoffered_until_its_citizen_answers_then_is_served_next()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var policy = Policy(queueId);
        var callback = Call(joinedAt: Now - TimeSpan.FromMinutes(5)) with { IsCallback = true, AwaitingCitizen = true };
        var caller = Call();
        var later = Call();
        await queue.Join(callback, policy);
        await queue.Join(caller, policy);
        await queue.Join(later, policy);

        // While its citizen is being called, agents take the callers behind it; it stays first in line.
        Assert.Equal(caller.CallId, (await queue.Peek())!.CallId);
        var agent = await ReadyAgent(new AgentSkill(queueId, 1));
        await ReservedFor(agent, caller);
        Assert.Equal(1, (await queue.GetPosition(callback.CallId))!.Position);
        Assert.Equal(2, (await queue.GetPosition(later.CallId))!.Position);
        await queue.Leave(caller.CallId, QueueLeaveReason.AnsweredByAgent);

        // The citizen answered: the same entry is offered now, ahead of the caller who came after it, to the next
        // agent free.
        var answered = await queue.Join(callback with { AwaitingCitizen = false }, policy);
        Assert.Equal(1, answered.Position!.Position);
        Assert.Equal(callback.CallId, (await queue.Peek())!.CallId);
        await Complete(agent, caller.CallId);
        await ReservedFor(agent, callback);
        Assert.Equal(0, Node.ReservationsFor(later.CallId));
        Assert.Equal(callback.JoinedAt, (await queue.GetSnapshot()).Waiting.Single(w => w.CallId == callback.CallId).JoinedAt);
    }

    [Fact]
    public async Task A_callback_taken_over_by_another_node_is_offered_to_that_node_at_its_place()
    {
        var queueId = NewId("queue");
        var queue = Queue(queueId);
        var policy = Policy(queueId);
        // The node that first held the callback; it died, so the test's own probe stands for the survivor.
        var deadNode = new NodeProbe();
        var callback = Call(joinedAt: Now - TimeSpan.FromMinutes(3)) with { IsCallback = true, Node = ObserverOf(deadNode) };
        await queue.Join(callback, policy);
        var caller = Call();
        await queue.Join(caller, policy);

        // The survivor joins the same callback (same id and arrival) with its own observer.
        var takenOver = callback with { Node = Call().Node };
        Assert.NotEqual(callback.Node, takenOver.Node);
        var joined = await queue.Join(takenOver, policy);

        Assert.Equal(1, joined.Position!.Position);
        var agent = await ReadyAgent(new AgentSkill(queueId, 1));
        await ReservedFor(agent, callback);
        await Eventually(() => Task.FromResult(Node.ReservationsFor(callback.CallId)), n => n == 1, "the survivor is told of the reservation");
        Assert.Equal(0, deadNode.ReservationsFor(callback.CallId));
    }
}
