using System.Globalization;
using System.Text.RegularExpressions;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// sipp placing many calls from a loopback address of its own (127.0.0.x: a distinct source for the server's
/// per-source limits), and the count of calls it completed, read from its final statistics.
/// </summary>
public static partial class SippLoad
{
    /// <param name="scenario">A built-in scenario name (e.g. <c>uac</c>) or a scenario file's path.</param>
    /// <param name="extra">More sipp options (e.g. <c>-t t1</c> for TCP, <c>-d 1000</c>).</param>
    public static async Task<SippLoadRun> RunAsync(
        string scenario, string localAddress, string service, int serverPort, int calls, double rate, int limit, TimeSpan timeout, params string[] extra)
    {
        var directory = TestTemp.NewDirectory("sipp-load");
        var arguments = new List<string>
        {
            File.Exists(scenario) ? "-sf" : "-sn", scenario,
            "-s", service,
            "-i", localAddress, "-mi", localAddress,
            "-p", FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            "-mp", Sipp.NextMediaPort().ToString(CultureInfo.InvariantCulture),
            "-m", calls.ToString(CultureInfo.InvariantCulture),
            "-r", rate.ToString(CultureInfo.InvariantCulture),
            "-l", limit.ToString(CultureInfo.InvariantCulture),
            "-nostdin",
            "-timeout", $"{(int)timeout.TotalSeconds}s",
            "-trace_screen",
            "-trace_err",
        };
        arguments.AddRange(extra);
        arguments.Add($"127.0.0.1:{serverPort}");
        var process = await ExternalProcess.RunAsync(Sipp.Executable, arguments, timeout + TimeSpan.FromSeconds(15), directory);
        var screen = string.Join("\n", Directory.GetFiles(directory, "*_screen.log").Select(File.ReadAllText));
        var errors = string.Join("\n", Directory.GetFiles(directory, "*_errors.log").Select(File.ReadAllText));
        return new SippLoadRun(process.ExitCode, Count(screen, "Successful call"), Count(screen, "Failed call"), process.Output + screen + errors);
    }

    // The screen's "Successful call | periodic | cumulative" row: the cumulative count.
    private static int Count(string screen, string row) =>
        CounterRow().Matches(screen).Where(m => m.Groups["name"].Value == row).Select(m => int.Parse(m.Groups["cumulative"].Value, CultureInfo.InvariantCulture)).LastOrDefault();

    [GeneratedRegex(@"(?<name>Successful call|Failed call)\s*\|\s*(?<periodic>\d+)\s*\|\s*(?<cumulative>\d+)")]
    private static partial Regex CounterRow();
}

/// <param name="ExitCode">0 when every call succeeded.</param>
public sealed record SippLoadRun(int ExitCode, int Successful, int Failed, string Output);
