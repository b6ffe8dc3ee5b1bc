namespace Telephony.Ivr.Tests;

/// <summary>Script features the CNAV line does not use: barge-in on a play node, hang-up outcomes, a menu without retry prompts.</summary>
public sealed class TypeAheadAndHangupTests : IDisposable
{
    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_key_typed_during_an_interruptible_welcome_answers_the_menu_that_follows()
    {
        var session = Start(ScriptDirectory.ValidScript.Replace("next: menu", "next: menu\n    barge-in: true"));

        var actions = session.Handle(new DigitPressed('1'));

        Assert.Equal([new JoinQueue("test.agents", 0)], actions);
        Assert.Equal(["welcome", "menu", "agents"], session.Path);
    }

    [Fact]
    public void Without_retry_prompts_a_wrong_key_replays_the_menu_prompt()
    {
        var session = Start(ScriptDirectory.ValidScript);
        session.Handle(new PromptFinished("welcome"));

        var actions = session.Handle(new DigitPressed('4'));

        Assert.Equal("menu", Assert.IsType<PlayPrompt>(Assert.Single(actions)).PromptId);
    }

    [Fact]
    public void A_hangup_node_can_record_the_line_as_closed()
    {
        var session = Start(ScriptDirectory.ValidScript.Replace("kind: hangup", "kind: hangup\n    outcome: closed").Replace("max-attempts: 3", "max-attempts: 1"));
        session.Handle(new PromptFinished("welcome"));
        session.Handle(new PromptFinished("menu"));

        var actions = session.Handle(new InputTimedOut());

        Assert.Equal([new HangUp(IvrOutcome.Closed)], actions);
        Assert.Equal(IvrOutcome.Closed, session.Outcome);
    }

    [Fact]
    public void A_queue_node_passes_its_priority()
    {
        var session = Start(ScriptDirectory.ValidScript.Replace("queue: test.agents", "queue: test.agents\n    priority: 5"));
        session.Handle(new PromptFinished("welcome"));

        Assert.Equal([new JoinQueue("test.agents", 5)], session.Handle(new DigitPressed('1')));
    }

    [Theory]
    [InlineData(IvrOutcome.HandledIvr, "handled_ivr")]
    [InlineData(IvrOutcome.AbandonedIvr, "abandoned_ivr")]
    [InlineData(IvrOutcome.Closed, "closed")]
    [InlineData(IvrOutcome.Saturated, "saturated")]
    [InlineData(IvrOutcome.Queued, null)]
    public void Outcomes_map_to_the_metric_labels_dashboards_use(IvrOutcome outcome, string? label)
    {
        Assert.Equal(label, outcome.ToMetricLabel());
    }

    private IvrSession Start(string yaml)
    {
        var script = _dir.Write("test", yaml).Load().Scripts.Single();
        var session = new IvrSession(script, TimeProvider.System);
        session.Start();
        return session;
    }
}
