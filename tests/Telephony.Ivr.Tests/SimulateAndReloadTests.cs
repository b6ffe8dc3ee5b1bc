namespace Telephony.Ivr.Tests;

/// <summary>The <c>telephony ivr simulate</c> command, and script versions for hot reload.</summary>
public sealed class SimulateAndReloadTests : IDisposable
{
    private readonly ScriptDirectory _dir = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Simulate_prints_the_prompts_heard_and_the_path_to_the_queue()
    {
        var code = IvrCommandLine.Run(
            ["simulate", Path.Combine(RepoPaths.IvrScripts, "dgfip.yaml"), "--at", "2026-12-22 10:00", "--keys", "2,2"], _output, _error);

        Assert.Equal(0, code);
        var text = _output.ToString();
        Assert.Contains("♪ welcome: \"Bienvenue à la Direction générale des Finances publiques.\"", text);
        Assert.Contains("→ queue dgfip.declaration", text);
        Assert.Contains("path: welcome > hours > main-menu > declaration-menu > queue-declaration", text);
    }

    [Fact]
    public void Simulate_shows_the_definition_of_the_queue_joined_and_the_choices_in_words()
    {
        var text = Simulation.OfShipped("dgfip", "--keys", "2,2");

        Assert.Contains(
            "→ queue dgfip.declaration (priority 0): \"DGFiP déclaration de revenus\", at most 80 waiting, then overflows to dgfip.general, "
            + "max wait 20 min, ring 20 s, wrap-up 30 s, announcements every 1 min",
            text);
        Assert.Contains("  choice: Déclaration de revenus\n", text);
        Assert.Contains("choices in words: Déclaration de revenus → Aide à la déclaration", text);
        Assert.Contains("(the caller waits)", text);
        Assert.Contains("outcome: (still in the IVR)", text);
    }

    [Fact]
    public void Simulate_with_the_maximum_wait_reached_follows_on_max_wait()
    {
        var text = Simulation.OfShipped("caf", "--keys", "1,1", "--queue", "max-wait");

        Assert.Contains("path: welcome > hours > main-menu > benefits-menu > queue-logement > long-wait-callback > saturated-goodbye > end-saturated", text);
    }

    [Fact]
    public void Simulate_with_the_queue_full_shows_the_overflow_chain_refusing_then_on_full()
    {
        var text = Simulation.OfShipped("cpam", "--keys", "2,2", "--queue", "full");

        Assert.Contains("no agent logged in: overflow, then overflows to cpam.general", text);
        Assert.Contains("(refused by cpam.indemnites, then cpam.general)", text);
        Assert.Contains("outcome: saturated", text);
    }

    [Fact]
    public void Simulate_on_christmas_eve_evening_hears_the_closure_and_the_callback_offer()
    {
        var code = IvrCommandLine.Run(
            ["simulate", Path.Combine(RepoPaths.IvrScripts, "cnav.yaml"), "--at", "2026-12-24 18:30", "--caller", "0612345678", "--keys", "1,1"], _output, _error);

        Assert.Equal(0, code);
        Assert.Contains("♪ numero-rappel: \"Nous vous appellerons au\"", _output.ToString());
        Assert.Contains("path: welcome > hours > closed-message > callback-offer > callback-confirmed > end-callback", _output.ToString());
        Assert.Contains("outcome: callback_requested", _output.ToString());
    }

    [Fact]
    public void Simulate_with_the_callback_refused_hears_why_and_ends_closed()
    {
        var code = IvrCommandLine.Run(
            ["simulate", Path.Combine(RepoPaths.IvrScripts, "cnav.yaml"), "--at", "2026-12-24 18:30", "--caller", "0612345678", "--keys", "1,1", "--callback-refused"], _output, _error);

        Assert.Equal(0, code);
        var text = _output.ToString();
        Assert.Contains("callback requested on queue cnav.retraite: refused by the service", text);
        Assert.Contains("♪ callback-refused: \"Nous ne pouvons pas rappeler le numéro depuis lequel vous appelez.", text);
        Assert.Contains("path: welcome > hours > closed-message > callback-offer > closed-goodbye > end-closed", text);
        Assert.Contains("outcome: closed", text);
    }

    [Fact]
    public void Simulate_accepts_spoken_choices_and_masks_collected_digits()
    {
        IvrCommandLine.Run(
            ["simulate", Path.Combine(RepoPaths.IvrScripts, "dgfip.yaml"), "--at", "2026-12-22 10:00",
                "--say", "prélèvement à la source", "--keys", "2,1234567890066"],
            _output, _error);

        var text = _output.ToString();
        Assert.Contains("caller says \"prélèvement à la source\"", text);
        Assert.Contains("queue-pas-identified", text);
        Assert.DoesNotContain("1234567890066", text);
        Assert.DoesNotContain("caller presses 6", text);
    }

    [Fact]
    public void Simulate_refuses_an_invalid_script_set_and_bad_arguments()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("next: menu", "next: menuu"));

        Assert.Equal(1, IvrCommandLine.Run(["simulate", _dir.FileOf("test")], _output, _error));
        Assert.Contains("leads to unknown node 'menuu'", _error.ToString());
        Assert.Equal(2, IvrCommandLine.Run(["simulate", _dir.FileOf("test"), "--at", "tomorrow"], _output, _error));
        Assert.Equal(2, IvrCommandLine.Run(["simulate", _dir.FileOf("absent")], _output, _error));
        Assert.Equal(2, IvrCommandLine.Run(["simulate", _dir.FileOf("test"), "--queue", "forever"], _output, _error));
    }

    [Fact]
    public void A_reload_gives_new_script_objects_and_a_new_version_while_a_running_call_keeps_its_own()
    {
        _dir.Write("test", ScriptDirectory.ValidScript);
        var before = _dir.Load();
        var same = _dir.Load();
        var session = new IvrSession(before.Scripts[0], TimeProvider.System);
        session.Start();

        _dir.Write("test", ScriptDirectory.ValidScript.Replace("text: \"Tapez 1.\"", "text: \"Tapez 1 ou 2.\"").Replace("queue: test.agents", "queue: test.other"));
        var after = _dir.Load();
        session.Handle(new PromptFinished("welcome"));
        var actions = session.Handle(new DigitPressed('1'));

        Assert.Equal(before.Version, same.Version);
        Assert.Equal(before.Scripts[0].Version, same.Scripts[0].Version);
        Assert.NotEqual(before.Version, after.Version);
        Assert.NotEqual(before.Scripts[0].Version, after.Scripts[0].Version);
        Assert.Same(before.Scripts[0], session.Script);
        Assert.Equal([new JoinQueue("test.agents", 0)], actions);
    }
}
