using System.Diagnostics;

namespace Telephony.Dashboards.Tests.Support;

/// <summary>Runs Prometheus's <c>promtool</c> (Debian package <c>prometheus</c>, installed by scripts/test.sh).</summary>
public static class Promtool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>The promtool on PATH, or null.</summary>
    public static string? Executable { get; } = FindOnPath("promtool");

    public static string SkipReason => "promtool not found on PATH (Debian package prometheus; scripts/test.sh installs it)";

    /// <summary>Runs promtool and returns its exit code and everything it printed (stdout then stderr).</summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments)
    {
        var executable = Executable ?? throw new InvalidOperationException(SkipReason);
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        // Both pipes are read at once: a full stderr buffer would otherwise block promtool while we wait on stdout.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} did not finish within {Timeout}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs promtool and fails the test with its output unless it exits with 0.</summary>
    public static string RunAndAssertSuccess(string workingDirectory, params string[] arguments)
    {
        var (exitCode, output) = Run(workingDirectory, arguments);
        Assert.True(exitCode == 0, $"promtool {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
        return output;
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that is skipped, with the reason, when promtool is not installed.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Promtool.Executable is null)
        {
            Skip = Promtool.SkipReason;
        }
    }
}

/// <summary>A theory that is skipped, with the reason, when promtool is not installed.</summary>
public sealed class PromtoolTheoryAttribute : TheoryAttribute
{
    public PromtoolTheoryAttribute()
    {
        if (Promtool.Executable is null)
        {
            Skip = Promtool.SkipReason;
        }
    }
}
