namespace Telephony.Ivr.Tests;

/// <summary>Mistakes in multi-key menu options and the menu inter-digit timeout, at the line and column to fix.</summary>
public sealed class MultiKeyMenuValidationTests : IDisposable
{
    private const string OptionOne = "      - key: \"1\"\n        next: agents\n";
    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("\"1a\"", "1a")]
    [InlineData("\"12345\"", "12345")]
    [InlineData("1.5", "1.5")]
    [InlineData("\"1 2\"", "1 2")]
    public void A_key_with_other_characters_or_more_than_four_keys_is_reported_at_the_key(string written, string read)
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("key: \"1\"", "key: " + written));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal(
            $"{_dir.FileOf("test")}:14:14: node 'menu': option key '{read}' must be 1 to 4 keys of 0-9, * or # (quote keys with * or #)",
            error.ToString());
    }

    [Theory]
    [InlineData("\"*9\"")]
    [InlineData("\"1234\"")]
    [InlineData("\"#\"")]
    [InlineData("12")]
    public void Keys_of_one_to_four_keys_of_the_keypad_are_accepted(string written)
    {
        var set = _dir.Write("test", ScriptDirectory.ValidScript.Replace("key: \"1\"", "key: " + written)).Load();

        var menu = Assert.IsType<MenuNode>(set.Scripts.Single().GetNode("menu"));
        Assert.Equal(written.Trim('"'), Assert.Single(menu.Options).Key);
    }

    [Fact]
    public void Two_options_with_the_same_multi_key_sequence_are_reported_at_the_second_key_even_if_one_is_unquoted()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace(
            OptionOne,
            "      - key: \"12\"\n        next: agents\n      - key: 12\n        next: bye\n"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal($"{_dir.FileOf("test")}:16:14: node 'menu': option '12' is defined twice (first at line 14)", error.ToString());
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("3")]
    public void An_inter_digit_timeout_that_is_not_a_positive_duration_is_reported_at_its_value(string value)
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("timeout: 5s\n", $"timeout: 5s\n    inter-digit-timeout: {value}\n"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal(
            $"{_dir.FileOf("test")}:17:26: node 'menu': 'inter-digit-timeout' must be a duration between 1ms and 5 minutes, like 5s or 1500ms",
            error.ToString());
    }

    [Fact]
    public void An_inter_digit_timeout_longer_than_the_menu_timeout_is_reported_at_its_value()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("timeout: 5s\n", "timeout: 5s\n    inter-digit-timeout: 5001ms\n"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal(
            $"{_dir.FileOf("test")}:17:26: node 'menu': 'inter-digit-timeout' must not be longer than the menu 'timeout'",
            error.ToString());
    }

    [Fact]
    public void An_inter_digit_timeout_equal_to_the_menu_timeout_is_accepted()
    {
        var set = _dir.Write("test", ScriptDirectory.ValidScript.Replace("timeout: 5s\n", "timeout: 5s\n    inter-digit-timeout: 5s\n")).Load();

        Assert.Equal(TimeSpan.FromSeconds(5), Assert.IsType<MenuNode>(set.Scripts.Single().GetNode("menu")).InterDigitTimeout);
    }
}
