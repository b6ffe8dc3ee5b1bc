using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class QueueGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly QueuePolicy Policy = QueuePolicy.Default("test");

    private static QueuedCall Call(string id, int priority = 5, int secondsAfterT0 = 0) =>
        new(id, "CNAV", "3960", priority, T0.AddSeconds(secondsAfterT0));

    private IQueueGrain NewQueue() => fixture.Grains.GetGrain<IQueueGrain>($"test.{Guid.NewGuid():N}");

    [Fact]
    public async Task Callers_are_served_in_arrival_order()
    {
        var queue = NewQueue();
        var first = (await queue.Join(Call("a", secondsAfterT0: 0), Policy)).Position!;
        var second = (await queue.Join(Call("b", secondsAfterT0: 1), Policy)).Position!;

        Assert.Equal(1, first.Position);
        Assert.Equal(2, second.Position);
        Assert.Equal(2, second.Waiting);
        Assert.Equal(["a", "b"], (await queue.GetSnapshot()).Waiting.Select(c => c.CallId));
    }

    [Fact]
    public async Task A_higher_priority_caller_goes_ahead_of_lower_priority_ones_but_not_of_equals()
    {
        var queue = NewQueue();
        await queue.Join(Call("normal-1", priority: 5, secondsAfterT0: 0), Policy);
        await queue.Join(Call("urgent-1", priority: 1, secondsAfterT0: 1), Policy);
        await queue.Join(Call("urgent-2", priority: 1, secondsAfterT0: 2), Policy);
        await queue.Join(Call("normal-2", priority: 5, secondsAfterT0: 3), Policy);

        var order = (await queue.GetSnapshot()).Waiting.Select(c => c.CallId);
        Assert.Equal(["urgent-1", "urgent-2", "normal-1", "normal-2"], order);
    }

    [Fact]
    public async Task Joining_twice_keeps_one_place_and_counts_once()
    {
        var queue = NewQueue();
        await queue.Join(Call("a"), Policy);
        await queue.Join(Call("b", secondsAfterT0: 1), Policy);
        var again = (await queue.Join(Call("a"), Policy)).Position!;

        Assert.Equal(1, again.Position);
        var snapshot = await queue.GetSnapshot();
        Assert.Equal(2, snapshot.Waiting.Count);
        Assert.Equal(2, snapshot.TotalJoined);
    }

    [Fact]
    public async Task Leaving_moves_the_others_up_and_is_counted_by_reason()
    {
        var queue = NewQueue();
        await queue.Join(Call("a"), Policy);
        await queue.Join(Call("b", secondsAfterT0: 1), Policy);
        await queue.Join(Call("c", secondsAfterT0: 2), Policy);

        await queue.Leave("a", QueueLeaveReason.CallerHungUp);
        await queue.Leave("b", QueueLeaveReason.CallbackRequested);

        Assert.Equal(1, (await queue.GetPosition("c"))!.Position);
        Assert.Null(await queue.GetPosition("a"));
        var snapshot = await queue.GetSnapshot();
        Assert.Equal(1, snapshot.TotalLeft[QueueLeaveReason.CallerHungUp]);
        Assert.Equal(1, snapshot.TotalLeft[QueueLeaveReason.CallbackRequested]);
    }

    [Fact]
    public async Task Leaving_with_an_unknown_call_id_changes_nothing()
    {
        var queue = NewQueue();
        await queue.Join(Call("a"), Policy);

        await queue.Leave("never-joined", QueueLeaveReason.CallerHungUp);
        await queue.Leave("a", QueueLeaveReason.CallerHungUp);
        await queue.Leave("a", QueueLeaveReason.CallerHungUp);

        var snapshot = await queue.GetSnapshot();
        Assert.Empty(snapshot.Waiting);
        Assert.Equal(1, snapshot.TotalLeft[QueueLeaveReason.CallerHungUp]);
    }
}
