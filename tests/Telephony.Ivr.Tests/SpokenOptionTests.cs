namespace Telephony.Ivr.Tests;

/// <summary>
/// What the host's speech recognition reports to a menu: an option it matched is chosen like its keys (without the
/// inter-digit wait a typed "1" gets when "12" exists), and giving up plays the keypad fragment without spending an attempt.
/// </summary>
public sealed class SpokenOptionTests : IDisposable
{
    private const string Menu = """
        network: TEST
        numbers: ["3999"]
        locale: fr-FR
        start: menu
        nodes:
          menu:
            kind: menu
            prompt: { id: menu, text: "Dites retraite ou tapez 1, ou tapez 12." }
            options:
              - key: "1"
                phrases: ["retraite"]
                next: one
              - key: "12"
                next: twelve
            timeout: 5s
            max-attempts: 2
            invalid-prompt: { id: invalid, text: "Choix invalide." }
            on-max-attempts: bye
          one: { kind: queue, queue: test.one }
          twelve: { kind: queue, queue: test.twelve }
          bye: { kind: hangup }

        """;

    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_spoken_option_during_the_prompt_is_chosen_at_once_and_noted_in_the_path()
    {
        var session = Started();

        var actions = session.Handle(new OptionSpoken("1", "je voudrais ma retraite"));

        Assert.Equal([new JoinQueue("test.one", 0)], actions);
        Assert.Equal(["menu", "menu:speech", "one"], session.Path);
        Assert.DoesNotContain(session.Path, p => p.Contains("retraite", StringComparison.Ordinal));
    }

    [Fact]
    public void Giving_up_plays_the_keypad_fragment_then_the_menu_and_spends_no_attempt()
    {
        var session = Started();
        var fragment = session.Handle(new SpeechGaveUp());
        var play = Assert.IsType<PlayPrompt>(Assert.Single(fragment));
        Assert.Equal(AnnouncementFragments.SpeechToKeypad, play.PromptId);
        Assert.EndsWith(Path.Combine("common", "fragments", AnnouncementFragments.SpeechToKeypad + ".wav"), play.FilePath, StringComparison.Ordinal);

        var menu = Assert.IsType<PlayPrompt>(Assert.Single(session.Handle(new PromptFinished(AnnouncementFragments.SpeechToKeypad))));
        Assert.Equal("menu", menu.PromptId);

        // max-attempts 2: one wrong key still leaves one more try, so giving up cost nothing.
        Assert.Equal("invalid", Assert.IsType<PlayPrompt>(Assert.Single(session.Handle(new DigitPressed('7')))).PromptId);
    }

    [Fact]
    public void A_spoken_key_that_is_no_option_counts_as_a_wrong_answer()
    {
        var session = Started();

        var actions = session.Handle(new OptionSpoken("9", "neuf"));

        Assert.Equal("invalid", Assert.IsType<PlayPrompt>(Assert.Single(actions)).PromptId);
    }

    private IvrSession Started()
    {
        var script = _dir.Write("test", Menu).Load().Scripts.Single();
        var session = new IvrSession(script, TimeProvider.System);
        session.Start();
        return session;
    }
}
