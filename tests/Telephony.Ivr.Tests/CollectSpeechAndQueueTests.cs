namespace Telephony.Ivr.Tests;

/// <summary>Digit collection (DGFiP numéro fiscal), spoken menu choices, short prompts, and queues with a maximum wait.</summary>
public sealed class CollectSpeechAndQueueTests
{
    private const string ValidFiscalNumber = "1234567890066"; // 1234567890 mod 511 = 66
    private static readonly IvrScript Dgfip = ShippedScripts.Get("dgfip");
    private static readonly IvrSessionOptions Open = new() { ForceOpen = true };

    [Theory]
    [InlineData("0000000001001", true)]
    [InlineData(ValidFiscalNumber, true)]
    [InlineData("1234567890067", false)]
    [InlineData("4234567890066", false)]
    [InlineData("123456789006", false)]
    [InlineData("12345678900a6", false)]
    public void The_dgfip_spi_key_is_the_first_ten_digits_modulo_511(string digits, bool valid) =>
        Assert.Equal(valid, DigitChecksums.IsValidSpi(digits));

    [Fact]
    public void A_valid_fiscal_number_routes_to_the_identified_priority_and_appears_nowhere_but_the_session_store()
    {
        var session = ReachFiscalNumber();
        var actions = new List<IvrAction>();

        foreach (var digit in ValidFiscalNumber)
        {
            actions.AddRange(session.Handle(new DigitPressed(digit)));
        }

        Assert.Equal(ShippedScripts.Quiet("dgfip.prelevement-source", 1), actions[^1]);
        Assert.Equal(TimeSpan.FromSeconds(5), Assert.IsType<StartInputTimer>(actions[0]).Timeout);
        Assert.Equal(ValidFiscalNumber, session.GetCollected("fiscal-number")!.Reveal());
        Assert.DoesNotContain(ValidFiscalNumber, session.GetCollected("fiscal-number")!.ToString());
        Assert.DoesNotContain(ValidFiscalNumber, string.Join(" ", actions.Select(a => a.ToString())));
        Assert.DoesNotContain(ValidFiscalNumber, string.Join(" ", session.Path));
    }

    [Fact]
    public void A_wrong_number_is_asked_again_then_after_the_last_attempt_goes_to_the_general_queue_without_a_value()
    {
        var session = ReachFiscalNumber();
        foreach (var digit in "1234567890067")
        {
            session.Handle(new DigitPressed(digit));
        }

        Assert.Equal("fiscal-number", session.CurrentNode);
        session.Handle(new PromptFinished("fiscal-number-invalid"));
        session.Handle(new PromptFinished("fiscal-number"));
        session.Handle(new DigitPressed('1'));
        var afterPause = session.Handle(new InputTimedOut());

        Assert.Equal([ShippedScripts.Quiet("dgfip.prelevement-source", 0)], afterPause);
        Assert.Null(session.GetCollected("fiscal-number"));
    }

    [Fact]
    public void The_hash_key_ends_an_entry_early_and_a_too_short_number_costs_an_attempt()
    {
        var session = ReachFiscalNumber();
        session.Handle(new DigitPressed('1'));

        var actions = session.Handle(new DigitPressed('#'));

        Assert.Equal("fiscal-number-invalid", Assert.IsType<PlayPrompt>(Assert.Single(actions)).PromptId);
    }

    [Fact]
    public void A_spoken_choice_is_matched_without_case_or_accents_and_an_unsure_one_costs_an_attempt()
    {
        var session = new IvrSession(Dgfip, TimeProvider.System, Open);
        ShippedScripts.PlayUntilInput(session, session.Start());
        Assert.Contains("déclaration de revenus", session.ExpectedPhrases);

        var unsure = session.Handle(new SpeechResult("declaration", 0.2f));
        var sure = session.Handle(new SpeechResult("Euh, ma DECLARATION de revenus !", 0.9f));

        Assert.Equal("invalid-choice", Assert.IsType<PlayPrompt>(Assert.Single(unsure)).PromptId);
        Assert.Equal("declaration-menu", session.CurrentNode);
        Assert.Equal("declaration-menu", Assert.IsType<PlayPrompt>(Assert.Single(sure)).PromptId);
    }

    [Fact]
    public void After_a_failed_attempt_the_short_version_of_a_menu_is_played()
    {
        var cnav = ShippedScripts.Get("cnav");
        var session = new IvrSession(cnav, TimeProvider.System, Open);
        ShippedScripts.PlayUntilInput(session, session.Start());
        session.Handle(new DigitPressed('2'));
        session.Handle(new PromptFinished("payment-menu"));

        session.Handle(new DigitPressed('7'));
        var again = session.Handle(new PromptFinished("invalid-choice"));

        Assert.Equal("payment-menu-short", Assert.IsType<PlayPrompt>(Assert.Single(again)).PromptId);
    }

    [Fact]
    public void A_queue_with_a_maximum_wait_announces_position_and_wait_then_offers_a_callback_when_the_wait_is_reached()
    {
        var session = new IvrSession(Dgfip, TimeProvider.System, Open);
        ShippedScripts.PlayUntilInput(session, session.Start());
        session.Handle(new DigitPressed('2'));

        var join = Assert.IsType<JoinQueue>(Assert.Single(session.Handle(new DigitPressed('2'))));
        var announcement = Assert.IsType<PlayAnnouncement>(Assert.Single(session.Handle(new QueueStatus(2, TimeSpan.FromMinutes(3)))));
        var afterMaxWait = session.Handle(new QueueResult(QueueResultKind.MaxWaitReached));

        var queue = Dgfip.Queues.Get(join.QueueId);
        Assert.Equal(("dgfip.declaration", true, true), (join.QueueId, join.HandlesMaxWait, join.Announces));
        Assert.Equal((TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(60)), (queue.MaxWait, queue.AnnouncementInterval));
        Assert.False(session.IsFinished);
        Assert.Equal("Vous êtes le 2e. Le temps d'attente estimé est de 3 minutes.", announcement.Text);
        Assert.Equal(Dgfip.FragmentPath("vous-etes-le"), announcement.FilePaths[0]);
        Assert.All(announcement.FilePaths, p => Assert.True(File.Exists(p), p));
        Assert.Equal("long-wait-callback", Assert.IsType<PlayPrompt>(Assert.Single(afterMaxWait)).PromptId);
    }

    [Fact]
    public void An_agent_answering_ends_the_ivr_part_of_a_call_waiting_with_a_maximum_wait()
    {
        var session = new IvrSession(Dgfip, TimeProvider.System, Open);
        ShippedScripts.PlayUntilInput(session, session.Start());
        session.Handle(new DigitPressed('2'));
        session.Handle(new DigitPressed('2'));

        Assert.Empty(session.Handle(new QueueResult(QueueResultKind.AgentAnswered)));
        Assert.Equal(IvrOutcome.Queued, session.Outcome);
    }

    private static IvrSession ReachFiscalNumber()
    {
        var session = new IvrSession(Dgfip, TimeProvider.System, Open);
        ShippedScripts.PlayUntilInput(session, session.Start());
        session.Handle(new DigitPressed('1'));
        session.Handle(new DigitPressed('2'));
        Assert.Equal("fiscal-number", session.CurrentNode);
        return session;
    }
}
