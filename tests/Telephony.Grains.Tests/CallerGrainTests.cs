using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>One waiting call per number and line, and the recent calls shown to the agent as the repeat-caller hint.</summary>
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

    [Fact]
    public async Task Recent_calls_come_per_line_newest_first_and_only_since_the_date_asked()
    {
        var caller = Caller();
        var now = Now;
        await caller.RecordCall(Line, new RecentCall(now.AddDays(-2), "answered"));
        await caller.RecordCall(Line, new RecentCall(now.AddHours(-1), "abandoned"));
        await caller.RecordCall(Line, new RecentCall(now.AddDays(-1), "callback"));
        await caller.RecordCall("3646", new RecentCall(now, "answered"));

        var recent = await caller.GetRecentCalls(Line, now.AddDays(-1.5));

        Assert.Equal(["abandoned", "callback"], recent.Select(c => c.Outcome));
        Assert.Empty(await caller.GetRecentCalls("3939", now.AddDays(-7)));
    }

    [Fact]
    public async Task Calls_older_than_seven_days_and_past_fifty_per_line_are_forgotten_even_after_a_restart()
    {
        var caller = Caller();
        var now = Now;
        await caller.RecordCall(Line, new RecentCall(now.AddDays(-8), "answered"));
        for (var i = 0; i < 55; i++)
        {
            await caller.RecordCall(Line, new RecentCall(now.AddMinutes(-i), $"call {i}"));
        }

        await caller.Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
        var kept = await caller.GetRecentCalls(Line, now.AddDays(-30));

        Assert.Equal(50, kept.Count);
        Assert.Equal("call 0", kept[0].Outcome);
        Assert.Equal("call 49", kept[^1].Outcome);
    }
}
