namespace Telephony.Ivr.Tests;

/// <summary>
/// Menus whose options have several keys ("1" and "12"): keys accumulate, an entry that can only mean one option is
/// chosen at once, and one that may go on waits the inter-digit timeout.
/// </summary>
public sealed class MultiKeyMenuTests : IDisposable
{
    /// <summary>Keys written as plain YAML numbers on purpose: they must read as the text "1" and "12".</summary>
    private const string OneAndTwelve = """
        network: TEST
        numbers: ["3999"]
        locale: fr-FR
        start: welcome
        nodes:
          welcome:
            kind: play
            prompt: { id: welcome, text: "Bonjour." }
            barge-in: true
            next: menu
          menu:
            kind: menu
            prompt: { id: menu, text: "Tapez 1, ou 12." }
            options:
              - key: 1
                next: one
              - key: 12
                next: twelve
            timeout: 5s
            inter-digit-timeout: 2s
            max-attempts: 3
            invalid-prompt: { id: invalid, text: "Choix invalide." }
            on-max-attempts: bye
          one: { kind: queue, queue: test.one }
          twelve: { kind: queue, queue: test.twelve }
          bye: { kind: hangup }

        """;

    private const string OptionOne = "      - key: 1\n        next: one\n";

    /// <summary>Option 12 is reachable only through "1", which is not an option itself (3 keeps node 'one' reachable).</summary>
    private static readonly string TwelveWithoutOne = OneAndTwelve.Replace(OptionOne, "      - key: 3\n        next: one\n");
    private static readonly StartInputTimer InterDigitWait = new(TimeSpan.FromSeconds(2));
    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void One_then_a_pause_chooses_option_one_after_the_inter_digit_timeout()
    {
        var session = AtMenu(OneAndTwelve);

        var afterOne = session.Handle(new DigitPressed('1'));
        var afterPause = session.Handle(new InputTimedOut());

        Assert.Equal([InterDigitWait], afterOne);
        Assert.Equal([new JoinQueue("test.one", 0)], afterPause);
        Assert.Equal("one", session.Path[^1]);
    }

    [Fact]
    public void One_then_two_chooses_option_twelve_at_once()
    {
        var session = AtMenu(OneAndTwelve);

        session.Handle(new DigitPressed('1'));
        var afterTwo = session.Handle(new DigitPressed('2'));

        Assert.Equal([new JoinQueue("test.twelve", 0)], afterTwo);
        Assert.Equal("twelve", session.Path[^1]);
    }

    [Fact]
    public void A_key_that_begins_no_option_is_wrong_at_once()
    {
        var session = AtMenu(OneAndTwelve);

        var actions = session.Handle(new DigitPressed('3'));

        Assert.Equal("invalid", Assert.IsType<PlayPrompt>(Assert.Single(actions)).PromptId);
    }

    [Fact]
    public void One_then_five_is_wrong_as_soon_as_the_five_is_pressed()
    {
        var session = AtMenu(OneAndTwelve);

        session.Handle(new DigitPressed('1'));
        var afterFive = session.Handle(new DigitPressed('5'));

        Assert.Equal("invalid", Assert.IsType<PlayPrompt>(Assert.Single(afterFive)).PromptId);
        Assert.Equal("menu", session.CurrentNode);
    }

    [Fact]
    public void After_a_wrong_entry_the_typed_keys_are_forgotten_and_the_next_entry_starts_afresh()
    {
        var session = AtMenu(OneAndTwelve);
        session.Handle(new DigitPressed('1'));
        session.Handle(new DigitPressed('5'));
        session.Handle(new PromptFinished("invalid"));
        session.Handle(new PromptFinished("menu"));

        session.Handle(new DigitPressed('1'));
        var afterTwo = session.Handle(new DigitPressed('2'));

        Assert.Equal([new JoinQueue("test.twelve", 0)], afterTwo);
    }

    [Fact]
    public void Without_an_option_one_a_lone_one_is_a_wrong_entry_after_the_pause_costing_one_attempt_each_time()
    {
        var session = AtMenu(TwelveWithoutOne);
        var waits = new List<IReadOnlyList<IvrAction>>();
        var ends = new List<IReadOnlyList<IvrAction>>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            waits.Add(session.Handle(new DigitPressed('1')));
            ends.Add(session.Handle(new InputTimedOut()));
            session.Handle(new PromptFinished("invalid"));
            session.Handle(new PromptFinished("menu"));
        }

        Assert.All(waits, w => Assert.Equal([InterDigitWait], w));
        Assert.Equal("invalid", Assert.IsType<PlayPrompt>(Assert.Single(ends[0])).PromptId);
        Assert.Equal("invalid", Assert.IsType<PlayPrompt>(Assert.Single(ends[1])).PromptId);
        Assert.IsType<HangUp>(Assert.Single(ends[2]));
        Assert.Equal("bye", session.Path[^1]);
    }

    [Fact]
    public void A_key_typed_during_the_previous_prompt_starts_the_entry_without_the_menu_prompt()
    {
        var session = Started(OneAndTwelve);

        var afterTypeAhead = session.Handle(new DigitPressed('1'));
        var afterTwo = session.Handle(new DigitPressed('2'));

        Assert.Equal([InterDigitWait], afterTypeAhead);
        Assert.Equal(["welcome", "menu", "twelve"], session.Path);
        Assert.Equal([new JoinQueue("test.twelve", 0)], afterTwo);
    }

    [Fact]
    public void A_typed_ahead_one_followed_by_a_pause_chooses_option_one()
    {
        var session = Started(OneAndTwelve);
        session.Handle(new DigitPressed('1'));

        var afterPause = session.Handle(new InputTimedOut());

        Assert.Equal([new JoinQueue("test.one", 0)], afterPause);
    }

    [Fact]
    public void A_key_during_the_menu_prompt_starts_the_entry_and_the_stopped_prompt_is_not_waited_for()
    {
        var session = Started(OneAndTwelve);
        session.Handle(new PromptFinished("welcome"));

        var afterOne = session.Handle(new DigitPressed('1'));
        var stalePromptEnd = session.Handle(new PromptFinished("menu"));
        var afterTwo = session.Handle(new DigitPressed('2'));

        Assert.Equal([InterDigitWait], afterOne);
        Assert.Empty(stalePromptEnd);
        Assert.Equal([new JoinQueue("test.twelve", 0)], afterTwo);
    }

    [Fact]
    public void A_menu_of_single_keys_never_waits_between_keys()
    {
        var session = AtMenu(OneAndTwelve.Replace("key: 12", "key: 2"));

        Assert.Equal([new JoinQueue("test.one", 0)], session.Handle(new DigitPressed('1')));
    }

    [Fact]
    public void Plain_yaml_numbers_are_read_as_the_keys_they_are_written_with_leading_zero_included()
    {
        var script = _dir.Write("test", OneAndTwelve.Replace("key: 1\n", "key: 01\n")).Load().Scripts.Single();
        var menu = Assert.IsType<MenuNode>(script.GetNode("menu"));

        Assert.Equal(["01", "12"], menu.Options.Select(o => o.Key));
        Assert.Equal("one", menu.FindOptionByKeys("01")?.Next);
        Assert.Null(menu.FindOptionByKeys("1"));
        Assert.True(menu.IsStartOfLongerKey("0"));
        Assert.False(menu.IsStartOfLongerKey("01"));
    }

    [Theory]
    [InlineData(null, "5s", 3)]
    [InlineData(null, "2s", 2)]
    [InlineData(null, "1500ms", 1.5)]
    [InlineData("2s", "10s", 2)]
    public void The_inter_digit_timeout_defaults_to_three_seconds_but_never_exceeds_the_menu_timeout(
        string? interDigitTimeout, string timeout, double expectedSeconds)
    {
        var field = interDigitTimeout is null ? string.Empty : $"    inter-digit-timeout: {interDigitTimeout}\n";
        var yaml = OneAndTwelve.Replace("    inter-digit-timeout: 2s\n", field).Replace("timeout: 5s", "timeout: " + timeout);
        var script = _dir.Write("test", yaml).Load().Scripts.Single();

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Assert.IsType<MenuNode>(script.GetNode("menu")).InterDigitTimeout);
    }

    [Fact]
    public void The_simulator_presses_the_keys_of_one_entry_quickly_and_pauses_between_entries()
    {
        _dir.Write("test", TwelveWithoutOne).WithWavs("test", "welcome", "menu", "invalid");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = IvrCommandLine.Run(["simulate", _dir.FileOf("test"), "--keys", "1,12"], output, error);

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains("caller stops typing: 2 s pass", text);
        Assert.Contains("♪ invalid:", text);
        Assert.Contains("path: welcome > menu > twelve", text);
    }

    [Fact]
    public void The_simulator_lets_a_one_key_entry_wait_out_the_inter_digit_timeout_to_choose_option_one()
    {
        _dir.Write("test", OneAndTwelve).WithWavs("test", "welcome", "menu", "invalid");
        using var output = new StringWriter();
        using var error = new StringWriter();

        IvrCommandLine.Run(["simulate", _dir.FileOf("test"), "--keys", "1,2"], output, error);

        Assert.Contains("path: welcome > menu > one", output.ToString());
    }

    /// <summary>Started, welcome heard, menu prompt heard: the menu waits for the first key.</summary>
    private IvrSession AtMenu(string yaml)
    {
        var session = Started(yaml);
        session.Handle(new PromptFinished("welcome"));
        Assert.Equal([new StartInputTimer(TimeSpan.FromSeconds(5))], session.Handle(new PromptFinished("menu")));
        return session;
    }

    private IvrSession Started(string yaml)
    {
        var script = _dir.Write("test", yaml).Load().Scripts.Single();
        var session = new IvrSession(script, TimeProvider.System);
        session.Start();
        return session;
    }
}
