namespace Telephony.Ivr.Tests;

/// <summary>The real CNAV script of the repository, as the server loads it.</summary>
public sealed class CnavScriptTests
{
    private static readonly IvrScriptSet Scripts = IvrScriptSet.LoadDirectory(RepoPaths.IvrScripts);

    private static IvrScript Cnav => Scripts.FindByName("cnav")!;

    [Fact]
    public void The_cnav_script_loads_with_its_prompt_files()
    {
        Assert.Equal("CNAV", Cnav.Network);
        Assert.Equal(["3960"], Cnav.Numbers);
        Assert.Equal("fr-FR", Cnav.Locale);
        Assert.Equal("welcome", Cnav.StartNode);
        Assert.Equal(Path.Combine(RepoPaths.IvrScripts, "cnav.yaml"), Cnav.SourcePath);
        Assert.IsType<PlayNode>(Cnav.GetNode("welcome"));
        var menu = Assert.IsType<MenuNode>(Cnav.GetNode("main-menu"));
        Assert.Equal(3, menu.MaxAttempts);
        Assert.Equal(["queue-retraite", "payment-menu", "other-menu", "queue-retraite"], menu.NextNodes);
    }

    [Fact]
    public void Every_cnav_prompt_is_8khz_mono_16bit_pcm()
    {
        foreach (var prompt in Cnav.Prompts)
        {
            var wav = WavInfo.Read(Cnav.PromptPath(prompt.Id));
            Assert.Equal((1, 1, 8000, 16), (wav.FormatTag, wav.Channels, wav.SampleRate, wav.BitsPerSample));
            Assert.True(wav.Duration > TimeSpan.FromSeconds(0.5), $"{prompt.Id} is only {wav.Duration}");
        }
    }

    [Fact]
    public void The_caller_reaches_the_end_of_the_menu_prompt_within_6_seconds()
    {
        // The end-to-end scenario presses its key 8 s after answer; it must land in the menu, not in the welcome.
        var total = WavInfo.Read(Cnav.PromptPath("welcome")).Duration + WavInfo.Read(Cnav.PromptPath("main-menu")).Duration;

        Assert.True(total < TimeSpan.FromSeconds(6), $"welcome + menu last {total.TotalSeconds:F2} s");
    }

    [Theory]
    [InlineData("3960")]
    [InlineData("+333960")]
    [InlineData("sip:3960@192.0.2.1;user=phone")]
    [InlineData("tel:+33-3960")]
    public void Calls_to_3960_reach_the_cnav_script(string dialed)
    {
        Assert.Same(Cnav, Scripts.FindByDialedNumber(dialed));
    }

    [Theory]
    [InlineData("3961")]
    [InlineData("0809401402")]
    [InlineData("39600")]
    [InlineData("")]
    [InlineData("sip:bob@example.org")]
    public void Other_numbers_reach_no_script(string dialed)
    {
        Assert.Null(Scripts.FindByDialedNumber(dialed));
    }
}
