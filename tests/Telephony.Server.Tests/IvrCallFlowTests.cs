using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Telephony.Ivr;
using Telephony.Server.Calls;
using Telephony.Server.Metrics;

namespace Telephony.Server.Tests;

/// <summary>The call flow over the real CNAV script, with a socket-free channel and a recording queue.</summary>
public sealed class IvrCallFlowTests
{
    private static readonly IvrScript Cnav = IvrScriptSet.LoadDirectory(RepositoryRoot.IvrScripts).FindByDialedNumber("3960")!;

    private readonly RecordingQueueWaiter _queues = new();

    private IvrCallFlow Flow(TimeProvider? time = null) =>
        new(_queues, new IvrSessionOptions { ForceOpen = true }, time ?? TimeProvider.System, NullLogger<IvrCallFlow>.Instance);

    [Fact]
    public async Task Pressing_1_after_the_welcome_sends_the_caller_to_cnav_retraite()
    {
        var channel = new FakeCallChannel();
        var run = Flow().RunAsync(channel, Cnav, CancellationToken.None);

        await channel.NextPromptStartedAsync(); // welcome
        await channel.NextPromptStartedAsync(); // menu
        channel.Press('1');
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("cnav.retraite", _queues.Joined.Single().QueueId);
        Assert.Equal(CallOutcome.AbandonedQueue, result.Outcome);
        Assert.Equal(["welcome", "main-menu", "queue-retraite"], result.Path);
    }

    [Fact]
    public async Task A_key_pressed_during_the_menu_prompt_interrupts_it_and_counts_as_the_choice()
    {
        var channel = new FakeCallChannel { PromptsFinishImmediately = false };
        var run = Flow().RunAsync(channel, Cnav, CancellationToken.None);

        Assert.Equal("welcome", await channel.NextPromptStartedAsync());
        // The welcome does not allow barge-in: a key now is dropped, not taken as a menu choice.
        channel.CallerHangsUp();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.AbandonedIvr, result.Outcome);
        Assert.Empty(_queues.Joined);
    }

    [Fact]
    public async Task Silence_until_the_attempts_run_out_plays_the_goodbye_and_hangs_up_as_handled_by_the_ivr()
    {
        var time = new FakeTimeProvider();
        var channel = new FakeCallChannel();
        var run = Flow(time).RunAsync(channel, Cnav, CancellationToken.None);

        var heard = new List<string> { await channel.NextPromptStartedAsync() };
        while (heard.Count < 7)
        {
            heard.Add(heard[^1] == "main-menu"
                ? await LetSilencePassUntilNextPromptAsync(channel, time)
                : await channel.NextPromptStartedAsync());
        }

        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["welcome", "main-menu", "no-choice", "main-menu", "no-choice", "main-menu", "goodbye"], heard);
        Assert.Equal(CallOutcome.HandledIvr, result.Outcome);
        Assert.True(channel.HungUp);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_caller_can_choose_again()
    {
        var channel = new FakeCallChannel();
        var run = Flow().RunAsync(channel, Cnav, CancellationToken.None);

        await channel.NextPromptStartedAsync();
        await channel.NextPromptStartedAsync();
        channel.Press('7');
        Assert.Equal("invalid-choice", await channel.NextPromptStartedAsync());
        Assert.Equal("main-menu", await channel.NextPromptStartedAsync());
        channel.Press('2');
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("cnav.paiements", _queues.Joined.Single().QueueId);
    }

    [Fact]
    public async Task A_caller_hanging_up_in_the_menu_is_abandoned_in_ivr()
    {
        var channel = new FakeCallChannel();
        var run = Flow().RunAsync(channel, Cnav, CancellationToken.None);

        await channel.NextPromptStartedAsync();
        await channel.NextPromptStartedAsync();
        channel.CallerHangsUp();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.AbandonedIvr, result.Outcome);
        Assert.Equal(["welcome", "main-menu"], result.Path);
        Assert.False(channel.HungUp);
    }

    /// <summary>
    /// Moves the fake clock 5 s at a time until the flow reacts with its next prompt. The flow arms its input timer
    /// a moment after the menu prompt ends; a step taken before that fires nothing, so stepping again is safe.
    /// </summary>
    private static async Task<string> LetSilencePassUntilNextPromptAsync(FakeCallChannel channel, FakeTimeProvider time)
    {
        var next = channel.NextPromptStartedAsync();
        for (var step = 0; step < 100 && !next.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(next, Task.Delay(20));
        }

        return await next;
    }

    private sealed class RecordingQueueWaiter : IQueueWaiter
    {
        public List<JoinQueue> Joined { get; } = [];

        public Task<CallResult> WaitAsync(ICallChannel channel, IvrScript script, JoinQueue join, IReadOnlyList<string> path, CancellationToken cancel)
        {
            Joined.Add(join);
            return Task.FromResult(new CallResult(CallOutcome.AbandonedQueue, [.. path], join.QueueId, DateTimeOffset.UtcNow, "test"));
        }
    }
}
