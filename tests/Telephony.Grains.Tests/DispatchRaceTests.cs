using System.Diagnostics;
using Telephony.Grains.Abstractions;
using Xunit.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>
/// Two queues race for one agent: both get a caller at the same instant and both ask the agent. Over 1,000 rounds the
/// agent is never reserved for two calls and no call is ever offered to two agents (or twice).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DispatchRaceTests(ClusterFixture fixture, ITestOutputHelper output) : GrainScenario(fixture)
{
    private const int Rounds = 1_000;

    [Fact]
    public async Task Two_queues_racing_for_one_agent_never_reserve_it_twice_over_1000_rounds()
    {
        string pensions = NewId("queue"), taxes = NewId("queue");
        IQueueGrain[] queues = [Queue(pensions), Queue(taxes)];
        var agent = await ReadyAgent(new AgentSkill(pensions, 1), new AgentSkill(taxes, 1));
        var olderTakenFirst = 0;
        var clock = Stopwatch.StartNew();

        for (var round = 0; round < Rounds; round++)
        {
            // Alternate which queue holds the older caller; both join at once.
            var older = Now - TimeSpan.FromSeconds(2);
            var newer = Now - TimeSpan.FromSeconds(1);
            var pensionsCall = Call(joinedAt: round % 2 == 0 ? older : newer);
            var taxesCall = Call(joinedAt: round % 2 == 0 ? newer : older);
            await Task.WhenAll(queues[0].Join(pensionsCall, Policy(pensions)), queues[1].Join(taxesCall, Policy(taxes)));

            var first = await Node.NextReservation();
            await AssertOneClaimIn(queues, first, agent);
            olderTakenFirst += first.CallId == (round % 2 == 0 ? pensionsCall : taxesCall).CallId ? 1 : 0;
            await Complete(agent, first.CallId);

            var second = await Node.NextReservation();
            Assert.NotEqual(first.CallId, second.CallId);
            await AssertOneClaimIn(queues, second, agent);
            await Complete(agent, second.CallId);

            Assert.Equal(1, Node.ReservationsFor(pensionsCall.CallId));
            Assert.Equal(1, Node.ReservationsFor(taxesCall.CallId));
        }

        foreach (var queue in queues)
        {
            var snapshot = await queue.GetSnapshot();
            Assert.Empty(snapshot.Waiting);
            Assert.Equal(Rounds, snapshot.TotalLeft[QueueLeaveReason.AnsweredByAgent]);
        }

        output.WriteLine($"{Rounds} rounds, {2 * Rounds} reservations, no double reservation, in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"the older caller was taken first in {olderTakenFirst} rounds (the other queue's join sometimes lands after the agent chose)");
    }

    /// <summary>The agent holds exactly this reservation, and exactly one call of the two queues is claimed: by it.</summary>
    private static async Task AssertOneClaimIn(IQueueGrain[] queues, AgentReservation reservation, IAgentGrain agent)
    {
        var state = await agent.GetState();
        Assert.Equal(AgentStatus.Reserved, state.Status);
        Assert.Equal(reservation.CallId, state.Call!.CallId);
        var claims = new List<KeyValuePair<string, string>>();
        foreach (var queue in queues)
        {
            claims.AddRange((await queue.GetSnapshot()).Claims);
        }

        var claim = Assert.Single(claims);
        Assert.Equal(reservation.CallId, claim.Key);
        Assert.Equal(state.AgentId, claim.Value);
    }
}
