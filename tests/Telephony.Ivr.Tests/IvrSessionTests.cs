namespace Telephony.Ivr.Tests;

/// <summary>Walks calls through the real CNAV script, as the media server would drive them.</summary>
public sealed class IvrSessionTests
{
    private static readonly IvrScript Cnav = IvrScriptSet.LoadDirectory(RepoPaths.IvrScripts).FindByName("cnav")!;
    private static readonly IvrSessionOptions Open = new() { ForceOpen = true };
    private readonly IvrSession _session = new(Cnav, TimeProvider.System, Open);

    [Fact]
    public void A_call_hears_the_welcome_without_barge_in_then_the_menu_with_barge_in()
    {
        var atStart = _session.Start();
        var afterWelcome = _session.Handle(new PromptFinished("welcome"));

        Assert.Equal([new PlayPrompt("welcome", Cnav.PromptPath("welcome"), BargeIn: false)], atStart);
        Assert.Equal([new PlayPrompt("main-menu", Cnav.PromptPath("main-menu"), BargeIn: true)], afterWelcome);
        Assert.Equal(["welcome", "hours", "main-menu"], _session.Path);
        Assert.Equal("main-menu", _session.CurrentNode);
    }

    [Fact]
    public void The_input_timer_starts_when_the_menu_prompt_ends()
    {
        ReachMenu();

        var actions = _session.Handle(new PromptFinished("main-menu"));

        Assert.Equal([new StartInputTimer(TimeSpan.FromSeconds(5))], actions);
    }

    [Theory]
    [InlineData('1', "cnav.retraite", "queue-retraite")]
    public void Pressing_a_menu_key_joins_its_queue(char key, string queue, string node)
    {
        ReachMenu();
        _session.Handle(new PromptFinished("main-menu"));

        var actions = _session.Handle(new DigitPressed(key));

        Assert.Equal(queue, Assert.IsType<JoinQueue>(Assert.Single(actions)).QueueId);
        Assert.Equal(["welcome", "hours", "main-menu", node], _session.Path);
        // The node announces and has branches for the queue's max wait and refusal: the session waits in it.
        Assert.False(_session.IsFinished);
        Assert.Empty(_session.Handle(new QueueResult(QueueResultKind.AgentAnswered)));
        Assert.Equal(IvrOutcome.Queued, _session.Outcome);
    }

    [Fact]
    public void A_key_pressed_during_the_menu_prompt_is_taken_as_the_choice()
    {
        ReachMenu();

        var actions = _session.Handle(new DigitPressed('1'));

        Assert.Equal([ShippedScripts.CnavRetraite], actions);
    }

    [Fact]
    public void A_key_pressed_during_the_welcome_is_ignored_because_it_cannot_be_interrupted()
    {
        _session.Start();

        var actions = _session.Handle(new DigitPressed('1'));

        Assert.Empty(actions);
        Assert.Equal("welcome", _session.CurrentNode);
    }

    [Fact]
    public void A_wrong_key_plays_the_invalid_prompt_then_the_menu_again_and_a_right_key_still_works()
    {
        ReachMenu();
        _session.Handle(new PromptFinished("main-menu"));

        var afterWrongKey = _session.Handle(new DigitPressed('9'));
        var afterInvalidPrompt = _session.Handle(new PromptFinished("invalid-choice"));
        var afterMenu = _session.Handle(new PromptFinished("main-menu"));
        var afterRightKey = _session.Handle(new DigitPressed('1'));

        Assert.Equal([new PlayPrompt("invalid-choice", Cnav.PromptPath("invalid-choice"), true)], afterWrongKey);
        Assert.Equal([new PlayPrompt("main-menu", Cnav.PromptPath("main-menu"), true)], afterInvalidPrompt);
        Assert.Equal([new StartInputTimer(TimeSpan.FromSeconds(5))], afterMenu);
        Assert.Equal([ShippedScripts.CnavRetraite], afterRightKey);
    }

    [Fact]
    public void Silence_until_attempts_run_out_sends_the_caller_to_an_advisor_rather_than_dropping_the_call()
    {
        ReachMenu();
        var actions = new List<IvrAction>();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            _session.Handle(new PromptFinished("main-menu"));
            actions.AddRange(_session.Handle(new InputTimedOut()));
            _session.Handle(new PromptFinished("no-choice"));
        }

        _session.Handle(new PromptFinished("main-menu"));
        var afterLastTimeout = _session.Handle(new InputTimedOut());

        Assert.Equal(2, actions.OfType<PlayPrompt>().Count(p => p.PromptId == "no-choice"));
        Assert.Equal([ShippedScripts.CnavRetraite], afterLastTimeout);
        Assert.Equal(["welcome", "hours", "main-menu", "queue-retraite"], _session.Path);
        Assert.Equal("queue-retraite", _session.CurrentNode);
    }

    [Fact]
    public void Wrong_keys_and_silence_count_towards_the_same_attempts()
    {
        ReachMenu();
        _session.Handle(new DigitPressed('7'));
        _session.Handle(new PromptFinished("invalid-choice"));
        _session.Handle(new PromptFinished("main-menu"));
        _session.Handle(new InputTimedOut());
        _session.Handle(new PromptFinished("no-choice"));

        var third = _session.Handle(new DigitPressed('#'));

        Assert.Equal([ShippedScripts.CnavRetraite], third);
    }

    [Fact]
    public void A_caller_hanging_up_in_the_menu_is_counted_as_abandoned_in_the_ivr()
    {
        ReachMenu();

        var actions = _session.Handle(new CallerHungUp());

        Assert.Empty(actions);
        Assert.True(_session.IsFinished);
        Assert.Equal(IvrOutcome.AbandonedIvr, _session.Outcome);
        Assert.Null(_session.CurrentNode);
        Assert.Empty(_session.Handle(new DigitPressed('1')));
    }

    [Fact]
    public void A_caller_hanging_up_during_the_welcome_is_counted_as_abandoned_in_the_ivr()
    {
        _session.Start();

        _session.Handle(new CallerHungUp());

        Assert.Equal(IvrOutcome.AbandonedIvr, _session.Outcome);
    }

    [Fact]
    public void A_caller_hanging_up_during_the_last_message_before_hang_up_was_handled_by_the_ivr()
    {
        ReachMenu();
        _session.Handle(new DigitPressed('2'));
        _session.Handle(new DigitPressed('1'));

        Assert.Equal("payment-dates", _session.CurrentNode);
        _session.Handle(new CallerHungUp());

        Assert.Equal(IvrOutcome.HandledIvr, _session.Outcome);
        Assert.Equal(["welcome", "hours", "main-menu", "payment-menu", "payment-dates"], _session.Path);
    }

    [Fact]
    public void Stale_events_do_not_move_the_call()
    {
        ReachMenu();

        Assert.Empty(_session.Handle(new InputTimedOut()));
        Assert.Empty(_session.Handle(new PromptFinished("welcome")));
        Assert.Equal("main-menu", _session.CurrentNode);
        Assert.Equal([new StartInputTimer(TimeSpan.FromSeconds(5))], _session.Handle(new PromptFinished("main-menu")));
    }

    [Fact]
    public void A_session_starts_once_and_only_handles_events_after_starting()
    {
        Assert.Throws<InvalidOperationException>(() => _session.Handle(new DigitPressed('1')));
        _session.Start();
        Assert.Throws<InvalidOperationException>(() => _session.Start());
    }

    [Fact]
    public void Two_sessions_fed_the_same_events_produce_the_same_actions()
    {
        IvrEvent[] events = [new PromptFinished("welcome"), new DigitPressed('5'), new PromptFinished("invalid-choice"), new DigitPressed('1')];

        static List<IvrAction> Run(IvrEvent[] events)
        {
            var session = new IvrSession(Cnav, TimeProvider.System, Open);
            var actions = session.Start().ToList();
            foreach (var e in events)
            {
                actions.AddRange(session.Handle(e));
            }

            return actions;
        }

        Assert.Equal(Run(events), Run(events));
    }

    private void ReachMenu()
    {
        _session.Start();
        _session.Handle(new PromptFinished("welcome"));
    }
}
