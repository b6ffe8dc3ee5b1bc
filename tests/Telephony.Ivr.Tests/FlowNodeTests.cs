namespace Telephony.Ivr.Tests;

/// <summary>Hours, operator overrides, callback offers and transfers, on the shipped scripts with a fixed clock.</summary>
public sealed class FlowNodeTests
{
    private static readonly IvrScript Cnav = ShippedScripts.Get("cnav");
    private static readonly FixedTime TuesdayMorning = FixedTime.Paris(2026, 11, 24, 10, 0);
    private static readonly FixedTime SundayEvening = FixedTime.Paris(2026, 11, 22, 20, 0);
    private readonly InMemoryLineOverrides _overrides = new();

    [Fact]
    public void During_opening_hours_the_call_reaches_the_main_menu()
    {
        var session = Start(TuesdayMorning);

        Assert.Equal(["welcome", "hours", "main-menu"], session.Path);
    }

    [Fact]
    public void Outside_hours_the_closure_message_offers_a_callback_and_accepting_books_it()
    {
        var session = Start(SundayEvening);
        Assert.Equal(["welcome", "hours", "closed-message"], session.Path);
        var offer = session.Handle(new PromptFinished("closed-message"));
        Assert.Equal([new PlayPrompt("callback-offer", Cnav.PromptPath("callback-offer"), true)], offer);

        var readBack = session.Handle(new DigitPressed('1'));
        var accepted = session.Handle(new DigitPressed('1'));
        var stored = session.Handle(new CallbackRequestAnswered(Accepted: true));
        var end = session.Handle(new PromptFinished("callback-confirmed"));

        // The caller ID is read back digit by digit and confirmed with 1; nothing is confirmed before the host stores it.
        Assert.Equal(["numero-rappel", "n-0", "n-6", "n-1", "n-2", "n-3", "n-4", "n-5", "n-6", "n-7", "n-8", "numero-confirmer"],
            readBack.Cast<PlayPrompt>().Select(p => p.PromptId));
        Assert.All(readBack.Cast<PlayPrompt>(), p => Assert.True(p.BargeIn));
        Assert.Equal([new RequestCallback("cnav.retraite") { Number = "+33612345678" }], accepted);
        Assert.Equal([new PlayPrompt("callback-confirmed", Cnav.PromptPath("callback-confirmed"), false)], stored);
        Assert.Equal([new HangUp(IvrOutcome.CallbackRequested)], end);
        Assert.Equal("callback_requested", IvrOutcome.CallbackRequested.ToMetricLabel());
    }

    [Fact]
    public void A_callback_the_service_refuses_is_said_to_be_refused_and_the_call_ends_as_closed_not_as_a_callback()
    {
        var session = Start(SundayEvening);
        session.Handle(new PromptFinished("closed-message"));
        session.Handle(new DigitPressed('1'));
        session.Handle(new DigitPressed('1'));

        var refused = session.Handle(new CallbackRequestAnswered(Accepted: false));
        var goodbye = session.Handle(new PromptFinished("callback-refused"));
        var end = session.Handle(new PromptFinished("closed-goodbye"));

        Assert.Equal([new PlayPrompt("callback-refused", Cnav.PromptPath("callback-refused"), false)], refused);
        Assert.Equal("closed-goodbye", Assert.IsType<PlayPrompt>(Assert.Single(goodbye)).PromptId);
        Assert.Equal([new HangUp(IvrOutcome.Closed)], end);
        Assert.DoesNotContain("callback-confirmed", session.Path);
    }

    [Fact]
    public void A_key_pressed_while_the_service_stores_the_callback_changes_nothing()
    {
        var session = Start(SundayEvening);
        session.Handle(new PromptFinished("closed-message"));
        session.Handle(new DigitPressed('1'));
        session.Handle(new DigitPressed('1'));

        Assert.Empty(session.Handle(new DigitPressed('2')));
        Assert.Empty(session.Handle(new InputTimedOut()));
        Assert.Equal("callback-confirmed", Assert.IsType<PlayPrompt>(Assert.Single(session.Handle(new CallbackRequestAnswered(true)))).PromptId);
    }

    [Fact]
    public void Declining_the_callback_by_silence_ends_the_call_as_closed()
    {
        var session = Start(SundayEvening);
        session.Handle(new PromptFinished("closed-message"));
        Assert.Equal([new StartInputTimer(TimeSpan.FromSeconds(5))], session.Handle(new PromptFinished("callback-offer")));

        var declined = session.Handle(new InputTimedOut());
        var end = session.Handle(new PromptFinished("closed-goodbye"));

        Assert.Equal("closed-goodbye", Assert.IsType<PlayPrompt>(Assert.Single(declined)).PromptId);
        Assert.Equal([new HangUp(IvrOutcome.Closed)], end);
    }

    [Fact]
    public void Saying_yes_to_the_callback_offer_books_it()
    {
        var session = Start(SundayEvening);
        session.Handle(new PromptFinished("closed-message"));

        var readBack = session.Handle(new SpeechResult("Oui, rappelez-moi", 0.9f));
        var accepted = session.Handle(new DigitPressed('1'));

        Assert.Equal("numero-rappel", Assert.IsType<PlayPrompt>(readBack[0]).PromptId);
        Assert.Equal(new RequestCallback("cnav.retraite") { Number = "+33612345678" }, accepted[0]);
    }

    [Fact]
    public void A_caller_hanging_up_on_the_closure_message_counts_as_closed_not_abandoned()
    {
        var session = Start(SundayEvening);

        session.Handle(new CallerHungUp());

        Assert.Equal(IvrOutcome.Closed, session.Outcome);
    }

    [Fact]
    public void A_line_forced_closed_plays_the_exceptional_closure_and_reports_the_operator_message_at_once()
    {
        var session = new IvrSession(Cnav, TuesdayMorning, new IvrSessionOptions { Overrides = _overrides });
        session.Start();
        _overrides.Set("cnav", new LineOverride(LineOverrideKind.ForcedClosed, "Grève nationale", null));

        var actions = session.Handle(new PromptFinished("welcome"));

        Assert.Equal(
            [new LineClosedByOperator("Grève nationale", null), new PlayPrompt("exceptional-closure", Cnav.PromptPath("exceptional-closure"), false)],
            actions);
        Assert.Equal(["welcome", "hours", "exceptional-closure"], session.Path);
    }

    [Fact]
    public void An_expired_forced_closure_no_longer_applies()
    {
        _overrides.Set("cnav", new LineOverride(LineOverrideKind.ForcedClosed, "panne", TuesdayMorning.GetUtcNow().AddMinutes(-1)));

        var session = Start(TuesdayMorning, new IvrSessionOptions { Overrides = _overrides });

        Assert.Equal("main-menu", session.CurrentNode);
    }

    [Fact]
    public void A_line_forced_open_or_the_force_open_setting_answers_outside_hours()
    {
        _overrides.Set("cnav", new LineOverride(LineOverrideKind.ForcedOpen, "ouverture exceptionnelle", null));

        Assert.Equal("main-menu", Start(SundayEvening, new IvrSessionOptions { Overrides = _overrides }).CurrentNode);
        Assert.Equal("main-menu", Start(SundayEvening, new IvrSessionOptions { ForceOpen = true }).CurrentNode);
        Assert.Equal("closed-message", Start(SundayEvening, IvrSessionOptions.Default).CurrentNode);
    }

    [Fact]
    public void A_forced_closure_wins_over_the_force_open_setting()
    {
        _overrides.Set("cnav", new LineOverride(LineOverrideKind.ForcedClosed, null, null));

        var session = Start(TuesdayMorning, new IvrSessionOptions { ForceOpen = true, Overrides = _overrides });

        Assert.Equal("exceptional-closure", session.CurrentNode);
    }

    [Fact]
    public void The_transfer_node_hands_the_call_to_the_other_line()
    {
        var session = Start(TuesdayMorning);
        session.Handle(new DigitPressed('3'));

        var actions = session.Handle(new DigitPressed('3'));

        Assert.Equal([new TransferToLine("3646")], actions);
        Assert.Equal(IvrOutcome.Transferred, session.Outcome);
        Assert.Null(IvrOutcome.Transferred.ToMetricLabel());
    }

    [Fact]
    public void A_self_service_message_ends_the_call_as_handled_by_the_ivr()
    {
        var session = Start(TuesdayMorning);
        session.Handle(new DigitPressed('2'));
        session.Handle(new DigitPressed('1'));

        var end = session.Handle(new PromptFinished("payment-dates"));

        Assert.Equal([new HangUp(IvrOutcome.HandledIvr)], end);
        Assert.Equal("handled_ivr", IvrOutcome.HandledIvr.ToMetricLabel());
    }

    private IvrSession Start(TimeProvider time, IvrSessionOptions? options = null)
    {
        var session = new IvrSession(Cnav, time, options ?? new IvrSessionOptions { Overrides = _overrides, CallerNumber = "0612345678" });
        session.Start();
        session.Handle(new PromptFinished("welcome"));
        return session;
    }
}
