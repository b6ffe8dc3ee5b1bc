namespace Telephony.Ivr.Tests;

/// <summary>Menu option labels and the path in words the agent's console shows ("Paiement → Date de paiement").</summary>
public sealed class PathInWordsTests : IDisposable
{
    private static readonly IvrSessionOptions Open = new() { ForceOpen = true };
    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_labels_of_the_choices_made_are_the_path_in_words()
    {
        var session = new IvrSession(ShippedScripts.Get("cnav"), TimeProvider.System, Open);
        ShippedScripts.PlayUntilInput(session, session.Start());

        session.Handle(new DigitPressed('2'));
        session.Handle(new DigitPressed('1'));

        Assert.Equal(["Paiement", "Date de paiement"], session.ChoicesInWords);
        Assert.Equal(["welcome", "hours", "main-menu", "payment-menu", "payment-dates"], session.Path);
    }

    [Fact]
    public void A_spoken_choice_adds_its_label_like_a_key()
    {
        var session = new IvrSession(ShippedScripts.Get("dgfip"), TimeProvider.System, Open);
        ShippedScripts.PlayUntilInput(session, session.Start());

        session.Handle(new SpeechResult("ma déclaration de revenus", 0.9f));

        Assert.Equal(["Déclaration de revenus"], session.ChoicesInWords);
    }

    [Fact]
    public void A_menu_left_on_its_last_attempt_adds_nothing_and_wrong_keys_add_nothing()
    {
        var session = new IvrSession(ShippedScripts.Get("cnav"), TimeProvider.System, Open);
        ShippedScripts.PlayUntilInput(session, session.Start());
        session.Handle(new DigitPressed('2'));
        session.Handle(new PromptFinished("payment-menu"));

        for (var attempt = 0; attempt < 3; attempt++)
        {
            session.Handle(new DigitPressed('9'));
            session.Handle(new PromptFinished("invalid-choice"));
            session.Handle(new PromptFinished("payment-menu-short"));
        }

        Assert.Equal("queue-paiements", session.CurrentNode);
        Assert.Equal(["Paiement"], session.ChoicesInWords);
    }

    [Fact]
    public void A_menu_chosen_from_again_appears_again()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace(
            "      - key: \"1\"\n        next: agents\n",
            "      - key: \"1\"\n        label: \"Conseiller\"\n        next: agents\n      - key: \"2\"\n        label: \"Recommencer\"\n        next: menu\n"));
        var session = new IvrSession(_dir.Load().Scripts.Single(), TimeProvider.System);
        session.Start();
        session.Handle(new PromptFinished("welcome"));

        session.Handle(new DigitPressed('2'));
        session.Handle(new DigitPressed('1'));

        Assert.Equal(["Recommencer", "Conseiller"], session.ChoicesInWords);
    }

    [Theory]
    [InlineData("        label: \"  Un conseiller  \"\n", "Un conseiller")]
    [InlineData("        phrases: [\"conseiller\", \"agent\"]\n", "Conseiller")]
    [InlineData("", "Touche 1")]
    public void An_option_without_a_label_is_named_by_its_first_phrase_else_by_its_key(string field, string label)
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("        next: agents\n", field + "        next: agents\n"));

        var menu = Assert.IsType<MenuNode>(_dir.Load().Scripts.Single().GetNode("menu"));

        Assert.Equal(label, menu.Options.Single().Label);
    }

    [Fact]
    public void Every_option_of_the_shipped_scripts_has_a_label_in_words()
    {
        var options = ShippedScripts.Set.Scripts.SelectMany(s => s.Nodes.Values.OfType<MenuNode>()).SelectMany(m => m.Options).ToList();

        Assert.All(options, o => Assert.DoesNotContain("Touche", o.Label, StringComparison.Ordinal));
        Assert.All(options, o => Assert.True(char.IsUpper(o.Label[0]), o.Label));
    }

    [Fact]
    public void Two_options_with_the_same_label_are_reported_at_the_second_label()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace(
            "      - key: \"1\"\n        next: agents\n",
            "      - key: \"1\"\n        label: \"Conseiller\"\n        next: agents\n      - key: \"2\"\n        label: \"conseiller\"\n        next: bye\n"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal(
            (18, 16, "node 'menu': label 'conseiller' of option '2' is already the label of option '1' (line 14)"),
            (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_label_too_long_for_one_line_of_the_console_is_refused()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("        next: agents\n", $"        label: \"{new string('x', 61)}\"\n        next: agents\n"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((15, 16, "node 'menu': option label must be at most 60 characters"), (error.Line, error.Column, error.Message));
    }
}
