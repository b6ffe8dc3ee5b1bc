namespace Telephony.Ivr.Tests;

/// <summary>The <c>telephony ivr check|prompts</c> commands, as an operator runs them.</summary>
public sealed class IvrCommandLineTests : IDisposable
{
    private readonly ScriptDirectory _dir = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Check_of_the_repository_scripts_succeeds_with_a_one_line_summary()
    {
        var code = IvrCommandLine.Run(["check", RepoPaths.IvrScripts], _output, _error);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, _error.ToString());
        var line = Assert.Single(Lines(_output));
        Assert.Contains("5 IVR script(s) valid", line);
        Assert.Contains("cnav (3960)", line);
    }

    [Fact]
    public void Check_prints_every_error_as_file_line_column_message_and_fails()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("next: menu", "next: menuu").Replace("kind: queue", "kind: dance"))
            .WithWavs("test", "welcome", "menu");

        var code = IvrCommandLine.Run(["check", _dir.Path], _output, _error);

        Assert.Equal(1, code);
        Assert.Equal(
            [
                $"{_dir.FileOf("test")}:9:11: node 'welcome' leads to unknown node 'menuu'",
                $"{_dir.FileOf("test")}:20:11: node 'agents': unknown node kind 'dance' (supported: play, menu, queue, hangup, collect, callback, hours, transfer, appointment, existing-appointment)",
                "2 error(s)",
            ],
            Lines(_error));
        Assert.Equal(string.Empty, _output.ToString());
    }

    [Fact]
    public void Check_requires_the_prompt_wavs()
    {
        _dir.Write("test", ScriptDirectory.ValidScript);

        var code = IvrCommandLine.Run(["check", _dir.Path], _output, _error);

        Assert.Equal(1, code);
        Assert.Contains(":8:19: prompt 'welcome' has no WAV file", _error.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("check")]
    [InlineData("frobnicate", "dir")]
    [InlineData("check", "a", "b")]
    public void Wrong_usage_prints_the_usage_and_exits_2(params string[] args)
    {
        var code = IvrCommandLine.Run(args, _output, _error);

        Assert.Equal(2, code);
        Assert.Contains("usage:", _error.ToString());
    }

    [Fact]
    public void Prompts_writes_every_prompt_of_every_script_then_check_passes()
    {
        _dir.Write("test", ScriptDirectory.ValidScript);
        var synthesizer = new RecordingSynthesizer();

        var code = IvrCommandLine.Run(["prompts", _dir.Path], _output, _error, synthesizer);

        Assert.Equal(0, code);
        Assert.Equal([("Bonjour.", "fr-FR", "welcome.wav"), ("Tapez 1.", "fr-FR", "menu.wav")], synthesizer.Calls.Take(2));
        Assert.Equal(2 + AnnouncementFragments.All.Count, synthesizer.Calls.Count);
        Assert.Contains(("vingt et une", "fr-FR", "nf-21.wav"), synthesizer.Calls);
        Assert.Equal(0, IvrCommandLine.Run(["check", _dir.Path], _output, _error));
    }

    [Fact]
    public void Prompts_stops_with_a_clear_message_when_synthesis_fails()
    {
        _dir.Write("test", ScriptDirectory.ValidScript);

        var code = IvrCommandLine.Run(["prompts", _dir.Path], _output, _error, new FailingSynthesizer());

        Assert.Equal(1, code);
        Assert.Equal("test/welcome: espeak-ng is not installed", Lines(_error).Single());
    }

    [Fact]
    public void Prompts_refuses_invalid_scripts()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("next: menu", "next: menuu"));

        var code = IvrCommandLine.Run(["prompts", _dir.Path], _output, _error, new RecordingSynthesizer());

        Assert.Equal(1, code);
        Assert.Contains(":9:11: ", _error.ToString());
    }

    [RequiresToolsFact("espeak-ng", "sox")]
    public void Prompts_with_espeak_and_sox_produce_telephony_wavs()
    {
        _dir.Write("test", ScriptDirectory.ValidScript);

        var code = IvrCommandLine.Run(["prompts", _dir.Path], _output, _error);

        Assert.True(code == 0, _error.ToString());
        var wav = WavInfo.Read(Path.Combine(_dir.Path, "prompts", "test", "welcome.wav"));
        Assert.Equal((1, 1, 8000, 16), (wav.FormatTag, wav.Channels, wav.SampleRate, wav.BitsPerSample));
        Assert.InRange(wav.Duration, TimeSpan.FromSeconds(0.3), TimeSpan.FromSeconds(3));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "prompts", "test"), "*.tmp.wav"));
    }

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed class RecordingSynthesizer : IPromptSynthesizer
    {
        public List<(string Text, string Locale, string File)> Calls { get; } = [];

        public void Synthesize(string text, string locale, string outputWavPath)
        {
            Calls.Add((text, locale, Path.GetFileName(outputWavPath)));
            Directory.CreateDirectory(Path.GetDirectoryName(outputWavPath)!);
            File.WriteAllBytes(outputWavPath, [1, 2, 3]);
        }
    }

    private sealed class FailingSynthesizer : IPromptSynthesizer
    {
        public void Synthesize(string text, string locale, string outputWavPath) =>
            throw new PromptGenerationException("espeak-ng is not installed");
    }
}
