namespace Telephony.Fuzz.Tests;

/// <summary>
/// Every kept input, seeds and regressions alike, goes through its target once: the seeds must keep parsing without
/// an exception, and each input a fuzzer once made throw must never throw again (its fix is in the code it names).
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string> Targets => new(FuzzTargets.All.Keys);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_seed_of_the_target_runs_without_an_exception(string target)
    {
        var seeds = Inputs(FuzzPaths.Corpus(target));
        Assert.True(seeds.Count >= 3, $"the {target} corpus at {FuzzPaths.Corpus(target)} holds {seeds.Count} seeds");

        AssertNoneThrows(target, seeds);
    }

    [Theory]
    [InlineData("rtp", "timestamp-jump-2-pow-31.bin")]
    [InlineData("ivr", "eof-inside-flow-sequence.yaml")]
    [InlineData("ivr", "control-characters-in-mapping.yaml")]
    public void An_input_that_once_crashed_its_target_no_longer_does(string target, string file)
    {
        var path = Path.Combine(FuzzPaths.Regressions(target), file);
        Assert.True(File.Exists(path), $"{path} is kept");

        AssertNoneThrows(target, [path]);
    }

    [Fact]
    public void Every_kept_regression_runs_without_an_exception()
    {
        var directories = Directory.GetDirectories(Path.Combine(FuzzPaths.Root, "tests", "fuzz-corpus", "regressions"));
        foreach (var directory in directories)
        {
            var target = Path.GetFileName(directory);
            Assert.True(FuzzTargets.All.ContainsKey(target), $"regressions/{target} names no fuzz target");
            AssertNoneThrows(target, Inputs(directory));
        }
    }

    private static List<string> Inputs(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(Replay.IsInput).Order(StringComparer.Ordinal).ToList();

    private static void AssertNoneThrows(string target, IEnumerable<string> files)
    {
        var run = FuzzTargets.All[target].Run;
        var failures = files
            .Select(f => (File: f, Error: Replay.Failure(run, File.ReadAllBytes(f))))
            .Where(r => r.Error is not null)
            .Select(r => $"{Path.GetFileName(r.File)}: {r.Error}")
            .ToList();
        Assert.True(failures.Count == 0, $"{target}: {string.Join("\n", failures)}");
    }
}
