namespace Telephony.Ivr.Tests;

/// <summary>
/// Digits a collect node marks <c>for-agent</c>: offered to the agent's console as label and value, and nowhere else
/// (not in the path, the actions, the path in words, the simulator's output or a ToString).
/// </summary>
public sealed class ForAgentTests : IDisposable
{
    private const string ValidFiscalNumber = "1234567890066";
    private static readonly IvrSessionOptions Open = new() { ForceOpen = true };

    /// <summary>The test script with a collect node before the queue; <c>FOR-AGENT</c> is replaced by its for-agent line.</summary>
    private static readonly string Collecting = ScriptDirectory.ValidScript.Replace("next: agents", "next: number") + """
          number:
            kind: collect
            prompt: { id: number, text: "Votre numéro." }
            length: 4
            timeout: 5s
            inter-digit-timeout: 3s
            max-attempts: 2
        FOR-AGENT    on-valid: again
            on-invalid: agents
          again:
            kind: menu
            prompt: { id: again, text: "Pour corriger, tapez 1. Sinon, tapez 2." }
            options:
              - { key: "1", next: number }
              - { key: "2", next: agents }
            timeout: 5s
            max-attempts: 1
            on-max-attempts: agents

        """;

    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Dgfip_offers_the_valid_fiscal_number_to_the_agent_and_nowhere_else()
    {
        var session = new IvrSession(ShippedScripts.Get("dgfip"), TimeProvider.System, Open);
        ShippedScripts.PlayUntilInput(session, session.Start());
        var actions = new List<IvrAction>(session.Handle(new DigitPressed('1')));
        actions.AddRange(session.Handle(new DigitPressed('2')));
        foreach (var digit in ValidFiscalNumber)
        {
            actions.AddRange(session.Handle(new DigitPressed(digit)));
        }

        var item = Assert.Single(session.ForAgent);

        Assert.Equal(new ForAgentItem("Numéro fiscal", ValidFiscalNumber), item);
        Assert.DoesNotContain(ValidFiscalNumber, item.ToString());
        Assert.Contains("Numéro fiscal", item.ToString());
        Assert.DoesNotContain(ValidFiscalNumber, string.Join(" ", session.Path));
        Assert.DoesNotContain(ValidFiscalNumber, string.Join(" ", session.ChoicesInWords));
        Assert.DoesNotContain(ValidFiscalNumber, string.Join(" ", actions));
    }

    [Fact]
    public void An_invalid_number_is_not_offered()
    {
        var session = new IvrSession(ShippedScripts.Get("dgfip"), TimeProvider.System, Open);
        ShippedScripts.PlayUntilInput(session, session.Start());
        session.Handle(new DigitPressed('1'));
        session.Handle(new DigitPressed('2'));
        foreach (var digit in "1234567890067")
        {
            session.Handle(new DigitPressed(digit));
        }

        Assert.Empty(session.ForAgent);
    }

    [Fact]
    public void A_collect_node_without_for_agent_keeps_its_digits_for_routing_only()
    {
        _dir.Write("test", Collecting.Replace("FOR-AGENT", string.Empty));
        var session = AtCollect();

        Type(session, "1234");

        Assert.Equal("1234", session.GetCollected("number")!.Reveal());
        Assert.Empty(session.ForAgent);
    }

    [Fact]
    public void A_number_given_again_replaces_the_first_one_for_the_agent()
    {
        _dir.Write("test", Collecting.Replace("FOR-AGENT", "    for-agent: \"Numéro d'allocataire\"\n"));
        var session = AtCollect();

        Type(session, "1234");
        session.Handle(new DigitPressed('1'));
        Type(session, "5678");

        Assert.Equal([new ForAgentItem("Numéro d'allocataire", "5678")], session.ForAgent);
    }

    [Fact]
    public void A_for_agent_label_too_long_for_the_console_is_refused_at_the_label()
    {
        _dir.Write("test", Collecting.Replace("FOR-AGENT", $"    for-agent: \"{new string('x', 61)}\"\n"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((31, 16), (error.Line, error.Column));
        Assert.Equal("node 'number': 'for-agent' must be a label of at most 60 characters, like \"Numéro fiscal\"", error.Message);
    }

    [Fact]
    public void The_simulator_names_what_the_agent_will_see_without_printing_it()
    {
        var text = Simulation.OfShipped("dgfip", "--keys", "1,2," + ValidFiscalNumber);

        Assert.Contains("for the agent: Numéro fiscal (13 digits, masked)", text);
        Assert.DoesNotContain(ValidFiscalNumber, text);
        Assert.DoesNotContain("caller presses 6", text);
    }

    private IvrSession AtCollect()
    {
        var session = new IvrSession(_dir.Load().Scripts.Single(), TimeProvider.System);
        session.Start();
        session.Handle(new PromptFinished("welcome"));
        session.Handle(new DigitPressed('1'));
        Assert.Equal("number", session.CurrentNode);
        return session;
    }

    private static void Type(IvrSession session, string digits)
    {
        foreach (var digit in digits)
        {
            session.Handle(new DigitPressed(digit));
        }
    }
}
