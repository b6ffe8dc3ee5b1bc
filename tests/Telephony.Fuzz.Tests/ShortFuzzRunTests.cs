using System.Globalization;

namespace Telephony.Fuzz.Tests;

/// <summary>
/// A short coverage-guided run of every target under AFL++ (scripts/fuzz.sh runs the long ones): the instrumented
/// parsers must report their branches to AFL (or the run proves nothing), execute inputs, and crash or hang on none.
/// A crash fails the test naming the saved input: replay it with `Telephony.Fuzz replay`, fix, then keep it in
/// tests/fuzz-corpus/regressions/&lt;target&gt;/.
/// </summary>
public sealed class ShortFuzzRunTests
{
    private const int Seconds = 12;

    [AflFact]
    public void Sip_parser() => FuzzBriefly("sip");

    [AflFact]
    public void Sdp_parser_and_offer_answer() => FuzzBriefly("sdp");

    [AflFact]
    public void Rtp_receive_path() => FuzzBriefly("rtp");

    [AflFact]
    public void Rtcp_reader() => FuzzBriefly("rtcp");

    [AflFact]
    public void Ivr_script_loader() => FuzzBriefly("ivr");

    private static void FuzzBriefly(string target)
    {
        using var run = new AflRun();
        var (stats, output) = run.Fuzz(target, Seconds);

        var executions = long.Parse(stats["execs_done"], CultureInfo.InvariantCulture);
        var edges = long.Parse(stats["edges_found"], CultureInfo.InvariantCulture);
        var crashes = long.Parse(stats.GetValueOrDefault("saved_crashes") ?? stats["unique_crashes"], CultureInfo.InvariantCulture);
        var hangs = long.Parse(stats.GetValueOrDefault("saved_hangs") ?? stats["unique_hangs"], CultureInfo.InvariantCulture);

        Assert.True(edges > 20, $"{target}: AFL saw {edges} edges: the target's assemblies are not instrumented\n{output}");
        Assert.True(executions >= 200, $"{target}: only {executions} inputs ran in {Seconds} s\n{output}");
        var kept = crashes + hangs > 0 ? run.KeepFindings(target) : null;
        Assert.True(crashes == 0, $"{target}: {crashes} crashing inputs, kept in {kept} (replay: Telephony.Fuzz replay {target} {kept})");
        Assert.True(hangs == 0, $"{target}: {hangs} inputs over AFL's 5 s limit, kept in {kept}");
    }
}
