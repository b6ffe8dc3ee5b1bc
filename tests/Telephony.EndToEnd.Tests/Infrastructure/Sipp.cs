using System.Globalization;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>Runs sipp (Debian's sip-tester) against the server: a real, independent SIP and RTP peer.</summary>
public static class Sipp
{
    public const string Executable = "/usr/bin/sipp";

    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>
    /// Runs a built-in scenario (e.g. <c>uac_pcap</c>) for one call in a fresh working directory that holds the
    /// pcap files the built-in scenarios expect under <c>pcap/</c>. Bounded by sipp's own global timeout.
    /// </summary>
    public static Task<SippRun> RunBuiltInAsync(string scenario, string service, int serverPort, int mediaPort, TimeSpan timeout) =>
        RunAsync(["-sn", scenario], service, serverPort, mediaPort, timeout);

    /// <summary>Runs one of this project's scenarios (Scenarios/*.xml, or an absolute path) for one call.</summary>
    /// <summary>
    /// A media port for sipp's <c>-mp</c>: sipp binds it and the three after it (audio RTP and RTCP, video RTP and RTCP),
    /// so all four are reserved; reserving two let another test's process take the video port ("errno = 98").
    /// </summary>
    public static int NextMediaPort() => FreePorts.NextUdpRange(4).First;

    public static Task<SippRun> RunScenarioAsync(string scenarioFile, string service, int serverPort, int mediaPort, TimeSpan timeout) =>
        RunAsync(["-sf", Path.Combine(AppContext.BaseDirectory, "Scenarios", scenarioFile)], service, serverPort, mediaPort, timeout);

    /// <summary>
    /// Runs a scenario at <paramref name="rate"/> calls a second for <paramref name="calls"/> calls (a load burst),
    /// up to <paramref name="limit"/> at once; sipp's exit code is 0 only when every call followed the scenario.
    /// </summary>
    public static Task<SippRun> RunLoadAsync(string scenarioFile, string service, int serverPort, int mediaPort, int rate, int calls, int limit, TimeSpan timeout) =>
        RunAsync(["-sf", Path.Combine(AppContext.BaseDirectory, "Scenarios", scenarioFile)], service, serverPort, mediaPort, timeout, rate, calls, limit);

    private static async Task<SippRun> RunAsync(string[] scenario, string service, int serverPort, int mediaPort, TimeSpan timeout, int rate = 0, int calls = 1, int limit = 1)
    {
        var workingDirectory = TestTemp.NewDirectory("sipp");
        CopyPcaps(Path.Combine(workingDirectory, "pcap"));
        var arguments = new List<string>(scenario)
        {
            "-s", service,
            "-i", "127.0.0.1",
            "-mi", "127.0.0.1",
            "-p", FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            "-mp", mediaPort.ToString(CultureInfo.InvariantCulture),
            "-m", calls.ToString(CultureInfo.InvariantCulture),
            "-l", limit.ToString(CultureInfo.InvariantCulture),
            "-nostdin",
            "-timeout", $"{(int)timeout.TotalSeconds}s",
            "-timeout_error",
            "-trace_err",
            $"127.0.0.1:{serverPort}",
        };
        if (rate > 0)
        {
            arguments.InsertRange(0, ["-r", rate.ToString(CultureInfo.InvariantCulture), "-rp", "1000"]);
        }

        var process = await ExternalProcess.RunAsync(Executable, arguments, timeout + TimeSpan.FromSeconds(10), workingDirectory);
        var errors = Directory.GetFiles(workingDirectory, "*_errors.log").Select(File.ReadAllText).ToList();
        Directory.Delete(workingDirectory, recursive: true); // the pcap copies alone are about 100 KB a run
        return new SippRun(process.ExitCode, process.Output + string.Join("\n", errors));
    }

    private static void CopyPcaps(string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var pcap in Directory.GetFiles("/usr/share/sip-tester", "*.pcap"))
        {
            File.Copy(pcap, Path.Combine(destination, Path.GetFileName(pcap)));
        }
    }
}

/// <param name="ExitCode">sipp's own verdict: 0 when every call succeeded.</param>
/// <param name="Output">What sipp printed, with its unexpected-message log.</param>
public sealed record SippRun(int ExitCode, string Output);
