using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>One waiting call per number and line (the recent calls are the storage's: CallerCallRepositoryTests).</summary>
[Collection(ClusterCollection.Name)]
public sealed class CallerGrainTests(ClusterFixture fixture) : GrainScenario(fixture)
{
    private const string Line = "3960";

    private ICallerGrain Caller() => Grains.GetGrain<ICallerGrain>(NewId("hmac"));

    [Fact]
    public async Task A_second_call_of_the_number_while_the_first_waits_is_told_so()
    {
        var caller = Caller();
        Assert.True((await caller.StartWaiting(Line, "first")).Accepted);

        var second = await caller.StartWaiting(Line, "second");

        Assert.False(second.Accepted);
        Assert.Equal("first", second.AlreadyWaitingCallId);
        Assert.True((await caller.StartWaiting("3646", "second")).Accepted); // Another line: its own wait.
        Assert.True((await caller.StartWaiting(Line, "first")).Accepted); // A renewal of the same call.

        await caller.StopWaiting(Line, "second"); // Not the one waiting: ignored.
        Assert.False((await caller.StartWaiting(Line, "third")).Accepted);
        await caller.StopWaiting(Line, "first");
        Assert.True((await caller.StartWaiting(Line, "third")).Accepted);
    }

    [Fact]
    public async Task A_waiting_mark_its_node_stopped_renewing_lapses()
    {
        var caller = Caller();
        await caller.StartWaiting(Line, "orphan");

        Advance(CallerWaitResult.WaitingLease - TimeSpan.FromSeconds(1));
        Assert.False((await caller.StartWaiting(Line, "next")).Accepted);
        Advance(TimeSpan.FromSeconds(1));

        Assert.True((await caller.StartWaiting(Line, "next")).Accepted);
    }
}
