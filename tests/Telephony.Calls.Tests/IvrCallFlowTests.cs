using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Telephony.Calls.Callbacks;
using Telephony.Calls.Channels;
using Telephony.Calls.Conversations;
using Telephony.Calls.Flow;
using Telephony.Calls.Queues;
using Telephony.Grains.Abstractions;
using Telephony.Ivr;

namespace Telephony.Calls.Tests;

/// <summary>The call flow over the real CNAV script, with a socket-free channel, a recording queue and callbacks.</summary>
public sealed partial class IvrCallFlowTests
{
    private static readonly IvrScript Cnav = IvrScriptSet.LoadDirectory(RepositoryRoot.IvrScripts).FindByDialedNumber("3960")!;

    /// <summary>Sunday 22 November 2026, 19:00 in Paris: the CNAV line is closed.</summary>
    private static readonly DateTimeOffset SundayEvening = new(2026, 11, 22, 18, 0, 0, TimeSpan.Zero);

    private readonly RecordingQueueWaiter _queues = new();
    private readonly RecordingCallbacks _callbacks = new();
    private readonly RecordingConversations _conversations = new();

    private IvrCallFlow Flow(TimeProvider? time = null, IvrSessionOptions? options = null) =>
        new(
            _queues,
            _conversations,
            _callbacks,
            options ?? new IvrSessionOptions { ForceOpen = true },
            time ?? TimeProvider.System,
            NullLogger<IvrCallFlow>.Instance);

    [Fact]
    public async Task Pressing_1_after_the_welcome_sends_the_caller_to_cnav_retraite()
    {
        var channel = new FakeCallChannel();
        var run = Flow().RunAsync(channel, Cnav, CancellationToken.None);

        Assert.Equal("welcome", await channel.NextPromptStartedAsync());
        Assert.Equal("main-menu", await channel.NextPromptStartedAsync());
        channel.Press('1');
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("cnav.retraite", _queues.Joined.Single().QueueId);
        Assert.Equal(CallOutcome.AbandonedQueue, result.Outcome);
        Assert.Equal(["welcome", "hours", "main-menu", "queue-retraite"], result.Path);
    }

    [Fact]
    public async Task A_key_pressed_during_the_welcome_is_dropped_because_the_welcome_does_not_allow_barge_in()
    {
        var channel = new FakeCallChannel { PromptsFinishImmediately = false };
        var run = Flow().RunAsync(channel, Cnav, CancellationToken.None);

        Assert.Equal("welcome", await channel.NextPromptStartedAsync());
        channel.Press('1');
        channel.FinishPrompt();

        // Had the key been kept, the menu would have taken it as option 1 (retraite) the moment it started.
        Assert.Equal("main-menu", await channel.NextPromptStartedAsync());
        await ChoosePaymentsFromTheMainMenuAsync(channel, run);
    }

    [Fact]
    public async Task Silence_until_the_attempts_run_out_still_reaches_an_agent_queue()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var channel = new FakeCallChannel();
        var run = Flow(time).RunAsync(channel, Cnav, CancellationToken.None);

        var heard = new List<string> { await channel.NextPromptStartedAsync() };
        while (heard.Count < 6)
        {
            heard.Add(heard[^1] == "main-menu"
                ? await LetSilencePassUntilNextPromptAsync(channel, time)
                : await channel.NextPromptStartedAsync());
        }

        if (heard[^1] == "main-menu")
        {
            // The last silence sends the caller to the queue rather than to another prompt.
            for (var step = 0; step < 100 && _queues.Joined.Count == 0; step++)
            {
                time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(20);
            }
        }

        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["welcome", "main-menu", "no-choice", "main-menu", "no-choice", "main-menu"], heard);
        Assert.Equal("cnav.retraite", _queues.Joined.Single().QueueId);
    }

    [Fact]
    public async Task An_answered_call_is_answered_agent_with_the_agent_the_talk_time_and_the_survey_answer_and_the_agent_saw_the_choices_in_words()
    {
        _queues.AnsweringAgent = new AgentReservation("fake-call", "cnav.paiements", "ag_1", "agent1", TimeSpan.FromSeconds(20), DateTimeOffset.UtcNow.AddSeconds(5));
        var channel = new FakeCallChannel();
        var run = Flow().RunAsync(channel, Cnav, CancellationToken.None);

        await channel.NextPromptStartedAsync();
        await channel.NextPromptStartedAsync();
        channel.Press('2');
        Assert.Equal("payment-menu", await channel.NextPromptStartedAsync());
        channel.Press('2');
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.AnsweredAgent, result.Outcome);
        Assert.Equal(("ag_1", 2, 42.0, 4), (result.AgentId, result.RingAttempts, result.TalkTime!.Value.TotalSeconds, result.SurveyScore));
        Assert.True(result.SurveyAsked);
        Assert.Single(_conversations.Held);
        Assert.Equal(["Paiement", "Paiement non reçu ou montant"], _queues.Callers.Single().ChoicesInWords);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_caller_can_choose_again_down_to_the_second_level()
    {
        var channel = new FakeCallChannel();
        var run = Flow().RunAsync(channel, Cnav, CancellationToken.None);

        await channel.NextPromptStartedAsync();
        await channel.NextPromptStartedAsync();
        channel.Press('7');
        Assert.Equal("invalid-choice", await channel.NextPromptStartedAsync());
        Assert.Equal("main-menu", await channel.NextPromptStartedAsync());
        await ChoosePaymentsFromTheMainMenuAsync(channel, run);
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
        Assert.Equal(["welcome", "hours", "main-menu"], result.Path);
        Assert.False(channel.HungUp);
    }

    [Fact]
    public async Task A_dead_line_is_dropped_and_once_the_service_decided_nothing_else_happens_to_the_call()
    {
        var channel = new FakeCallChannel { PromptsFinishImmediately = false };
        var run = Flow().RunAsync(channel, Cnav, CancellationToken.None);

        Assert.Equal("welcome", await channel.NextPromptStartedAsync());
        channel.ServiceDrops("no_media");
        channel.FinishPrompt();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.Dropped, result.Outcome);
        Assert.Equal("no_media", result.EndReason);
        Assert.Equal(["welcome"], channel.Played);
        Assert.Empty(_queues.Joined);
    }

    [Fact]
    public async Task A_call_cut_by_the_service_stopping_is_hung_up_and_counted_as_dropped_not_abandoned()
    {
        using var stopping = new CancellationTokenSource();
        var channel = new FakeCallChannel();
        var run = Flow().RunAsync(channel, Cnav, stopping.Token);

        await channel.NextPromptStartedAsync();
        await channel.NextPromptStartedAsync();
        await stopping.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.Dropped, result.Outcome);
        Assert.Equal("service_stopping", result.EndReason);
        Assert.True(channel.HungUp);
    }

    [Fact]
    public async Task Outside_opening_hours_the_caller_hears_the_hours_and_can_book_a_callback()
    {
        var channel = new FakeCallChannel();
        var run = Flow(new FakeTimeProvider(SundayEvening), IvrSessionOptions.Default).RunAsync(channel, Cnav, CancellationToken.None);

        Assert.Equal("welcome", await channel.NextPromptStartedAsync());
        Assert.Equal("closed-message", await channel.NextPromptStartedAsync());
        Assert.Equal("callback-offer", await channel.NextPromptStartedAsync());
        channel.Press('1');
        // The caller ID read back, then confirmed: the request is for the number confirmed, in E.164.
        Assert.Equal("numero-rappel", await channel.NextPromptStartedAsync());
        channel.Press('1');
        Assert.Equal("callback-confirmed", await AfterReadBackAsync(channel));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.CallbackRequested, result.Outcome);
        Assert.Equal(("cnav.retraite", "+33612345678"), _callbacks.Requests.Single());
        Assert.True(channel.HungUp);
        Assert.Empty(_queues.Joined);
    }

    [Fact]
    public async Task A_callback_the_service_refuses_is_announced_as_refused_and_the_call_counts_as_closed()
    {
        _callbacks.Accept = false;
        var channel = new FakeCallChannel();
        var run = Flow(new FakeTimeProvider(SundayEvening), IvrSessionOptions.Default).RunAsync(channel, Cnav, CancellationToken.None);

        Assert.Equal("welcome", await channel.NextPromptStartedAsync());
        Assert.Equal("closed-message", await channel.NextPromptStartedAsync());
        Assert.Equal("callback-offer", await channel.NextPromptStartedAsync());
        channel.Press('1');
        Assert.Equal("numero-rappel", await channel.NextPromptStartedAsync());
        channel.Press('1');
        Assert.Equal("callback-refused", await AfterReadBackAsync(channel));
        Assert.Equal("closed-goodbye", await channel.NextPromptStartedAsync());
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.Closed, result.Outcome);
        Assert.DoesNotContain("callback-confirmed", channel.Played);
        Assert.Single(_callbacks.Requests);
        Assert.True(channel.HungUp);
    }

    [Fact]
    public async Task A_line_an_operator_closed_plays_the_exceptional_closure_even_during_opening_hours()
    {
        var overrides = new InMemoryLineOverrides();
        overrides.Set("cnav", new LineOverride(LineOverrideKind.ForcedClosed, "grève", null));
        var channel = new FakeCallChannel();
        var run = Flow(options: new IvrSessionOptions { ForceOpen = true, Overrides = overrides }).RunAsync(channel, Cnav, CancellationToken.None);

        Assert.Equal("welcome", await channel.NextPromptStartedAsync());
        Assert.Equal("exceptional-closure", await channel.NextPromptStartedAsync());
        channel.CallerHangsUp();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.Closed, result.Outcome);
    }

    [Fact]
    public async Task The_health_insurance_choice_transfers_the_call_to_line_3646()
    {
        var channel = new FakeCallChannel();
        var run = Flow().RunAsync(channel, Cnav, CancellationToken.None);

        await channel.NextPromptStartedAsync();
        await channel.NextPromptStartedAsync();
        channel.Press('3');
        Assert.Equal("other-menu", await channel.NextPromptStartedAsync());
        channel.Press('3');
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.Transferred, result.Outcome);
        Assert.Equal("3646", result.TransferTo);
        Assert.False(channel.HungUp);
    }

    /// <summary>From the main menu (already started): 2 for payments, then 2 again, reaches the cnav.paiements queue.</summary>
    private async Task ChoosePaymentsFromTheMainMenuAsync(FakeCallChannel channel, Task<CallResult> run)
    {
        channel.Press('2');
        Assert.Equal("payment-menu", await channel.NextPromptStartedAsync());
        channel.Press('2');
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("cnav.paiements", _queues.Joined.Single().QueueId);
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

        public List<WaitingCaller> Callers { get; } = [];

        /// <summary>When set, an agent answers the call (this reservation) instead of the caller abandoning.</summary>
        public AgentReservation? AnsweringAgent { get; set; }

        public Task<QueueWaitResult> WaitAsync(
            ICallChannel channel, IvrScript script, JoinQueue join, Func<IvrEvent, IReadOnlyList<IvrAction>>? ivr, WaitingCaller caller, CancellationToken cancel)
        {
            Joined.Add(join);
            Callers.Add(caller);
            var now = DateTimeOffset.UtcNow;
            if (AnsweringAgent is { } agent)
            {
                return Task.FromResult(new QueueWaitResult(null, false, join.QueueId, now.AddSeconds(-30))
                {
                    Connected = new AgentConnection(new FakeAgentLeg(agent), now, 2),
                    RingAttempts = 2,
                });
            }

            return Task.FromResult(new QueueWaitResult(
                new CallResult(CallOutcome.AbandonedQueue, [.. caller.Path], join.QueueId, now, "test"), false, join.QueueId, now));
        }
    }

    private sealed class RecordingConversations : IConversation
    {
        public List<AgentConnection> Held { get; } = [];

        public Task<ConversationEnd> RunAsync(ICallChannel caller, AgentConnection connection, IvrScript script, CancellationToken stopping)
        {
            Held.Add(connection);
            return Task.FromResult(new ConversationEnd("agent_hung_up", TimeSpan.FromSeconds(42), new SurveyAnswer(4)));
        }
    }

    /// <summary>The first prompt after the number read back: a key may land during any of its digits.</summary>
    private static async Task<string> AfterReadBackAsync(FakeCallChannel channel)
    {
        string next;
        do
        {
            next = await channel.NextPromptStartedAsync();
        }
        while (next.StartsWith("n-", StringComparison.Ordinal) || next.StartsWith("numero-", StringComparison.Ordinal));

        return next;
    }

    private sealed class RecordingCallbacks : ICallbackRequester
    {
        public List<(string QueueId, string? Caller)> Requests { get; } = [];

        /// <summary>What the service answers: false as for a number it may not dial back.</summary>
        public bool Accept { get; set; } = true;

        public Task<bool> RequestAsync(CallbackAsked request)
        {
            Requests.Add((request.QueueId, request.CallerNumber));
            return Task.FromResult(Accept);
        }
    }
}
