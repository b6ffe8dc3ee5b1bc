namespace Telephony.Ivr.Tests;

/// <summary>Each kind of mistake in a script is reported at the exact line and column where an operator must fix it.</summary>
public sealed class ValidationErrorTests : IDisposable
{
    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_base_script_of_these_tests_is_valid()
    {
        var set = _dir.Write("test", ScriptDirectory.ValidScript).Load();

        Assert.Equal(["welcome", "menu", "agents", "bye"], set.Scripts.Single().Nodes.Keys);
    }

    [Fact]
    public void A_yaml_syntax_error_is_reported_where_the_parser_stopped()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("locale: fr-FR", "locale: fr-FR: oops"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((_dir.FileOf("test"), 3, 14), (error.File, error.Line, error.Column));
        Assert.StartsWith("YAML syntax error: ", error.Message);
        Assert.DoesNotContain("Idx", error.Message);
    }

    [Fact]
    public void A_missing_required_field_is_reported_at_the_node_name()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("    next: menu\n", string.Empty));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal($"{_dir.FileOf("test")}:6:3: node 'welcome': missing required field 'next'", error.ToString());
    }

    [Fact]
    public void A_missing_top_level_field_is_reported_at_the_start_of_the_file()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("locale: fr-FR\n", string.Empty));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((1, 1, "script: missing required field 'locale'"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void An_unknown_node_kind_is_reported_at_the_kind_value()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("kind: queue", "kind: dance"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((20, 11), (error.Line, error.Column));
        Assert.StartsWith("node 'agents': unknown node kind 'dance' (supported: play, menu, queue, hangup", error.Message);
    }

    [Fact]
    public void A_link_to_an_unknown_node_is_reported_at_the_link()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("next: menu", "next: menuu"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal($"{_dir.FileOf("test")}:9:11: node 'welcome' leads to unknown node 'menuu'", error.ToString());
    }

    [Fact]
    public void An_unknown_start_node_is_reported_at_the_start_field()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("start: welcome", "start: hello"));

        var errors = _dir.Errors();

        Assert.Contains(errors, e => (e.Line, e.Column, e.Message) == (4, 8, "start node 'hello' is not defined in 'nodes'"));
    }

    [Fact]
    public void An_unreachable_node_is_reported_at_its_name()
    {
        var script = ScriptDirectory.ValidScript + """
              orphan:
                kind: hangup

            """;
        _dir.Write("test", script);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((24, 3, "node 'orphan' cannot be reached from start node 'welcome'"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_menu_without_an_exit_for_spent_attempts_is_reported_at_the_menu_name()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("    on-max-attempts: bye\n", string.Empty));

        var errors = _dir.Errors();

        Assert.Contains(errors, e => (e.Line, e.Column) == (10, 3) && e.Message.Contains("a menu needs 'on-max-attempts'"));
    }

    [Fact]
    public void Two_options_with_the_same_key_are_reported_at_the_second_key()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace(
            "        next: agents\n",
            "        next: agents\n      - key: \"1\"\n        next: bye\n"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((16, 14), (error.Line, error.Column));
        Assert.Equal("node 'menu': option '1' is defined twice (first at line 14)", error.Message);
    }

    [Fact]
    public void A_missing_prompt_wav_is_reported_at_the_prompt_id()
    {
        _dir.Write("test", ScriptDirectory.ValidScript).WithWavs("test", "menu");

        var error = Assert.Single(_dir.Errors(IvrLoadOptions.Default));

        Assert.Equal((8, 19), (error.Line, error.Column));
        Assert.Contains("prompt 'welcome' has no WAV file", error.Message);
        Assert.Contains(Path.Combine("prompts", "test", "welcome.wav"), error.Message);
    }

    [Fact]
    public void Scripts_load_when_every_prompt_wav_exists()
    {
        _dir.Write("test", ScriptDirectory.ValidScript).WithWavs("test", "welcome", "menu");

        var script = _dir.Load(IvrLoadOptions.Default).Scripts.Single();

        Assert.Equal(Path.Combine(_dir.Path, "prompts", "test", "welcome.wav"), script.PromptPath("welcome"));
    }

    [Fact]
    public void The_same_line_number_in_two_scripts_is_reported_in_the_second_script()
    {
        _dir.Write("a", ScriptDirectory.ValidScript).Write("b", ScriptDirectory.ValidScript.Replace("Bonjour.", "Bonsoir."));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal($"{_dir.FileOf("b")}:2:11: number 3999 is already the number of script 'a'", error.ToString());
    }

    [Fact]
    public void The_same_line_number_in_another_form_is_also_a_duplicate()
    {
        _dir.Write("a", ScriptDirectory.ValidScript.Replace("\"3999\"", "\"0809401401\""))
            .Write("b", ScriptDirectory.ValidScript.Replace("\"3999\"", "\"+33 8 09 40 14 01\""));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((_dir.FileOf("b"), 2, 11), (error.File, error.Line, error.Column));
    }

    [Fact]
    public void A_misspelt_field_is_reported_as_unknown_instead_of_ignored()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("max-attempts: 3", "max-attempts: 3\n    max-attemps: 4"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((18, 5, "node 'menu': unknown field 'max-attemps'"), (error.Line, error.Column, error.Message));
    }

    [Theory]
    [InlineData("5", "'timeout' must be a duration")]
    [InlineData("-1s", "'timeout' must be a duration")]
    [InlineData("10min", "'timeout' must be a duration")]
    public void A_timeout_without_a_valid_unit_is_rejected(string timeout, string expected)
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("timeout: 5s", "timeout: " + timeout));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((16, 14), (error.Line, error.Column));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_prompt_id_that_could_escape_the_prompt_folder_is_rejected()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("id: welcome", "id: ../../etc/passwd"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((8, 19), (error.Line, error.Column));
    }

    [Fact]
    public void Every_problem_of_every_file_is_reported_at_once_in_file_order()
    {
        _dir.Write("b", ScriptDirectory.ValidScript.Replace("next: menu", "next: nowhere"))
            .Write("a", ScriptDirectory.ValidScript.Replace("kind: queue", "kind: dance").Replace("\"3999\"", "\"3998\""));

        var errors = _dir.Errors();

        Assert.Equal([(_dir.FileOf("a"), 20), (_dir.FileOf("b"), 9)], errors.Select(e => (e.File, e.Line)));
    }

    [Fact]
    public void Duplicate_node_names_are_reported_as_a_yaml_error_at_the_second_name()
    {
        var script = ScriptDirectory.ValidScript + """
              bye:
                kind: hangup

            """;
        _dir.Write("test", script);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((24, 3), (error.Line, error.Column));
    }

    [Fact]
    public void A_directory_without_scripts_is_an_error()
    {
        var error = Assert.Single(_dir.Errors());

        Assert.Equal(0, error.Line);
        Assert.Contains("no IVR script", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("- just\n- a list\n")]
    [InlineData("\t\t{{{{")]
    [InlineData("network: [unclosed")]
    [InlineData("nodes: 42\n")]
    public void Garbage_files_give_errors_not_crashes(string content)
    {
        _dir.Write("test", content);

        Assert.NotEmpty(_dir.Errors());
    }
}
