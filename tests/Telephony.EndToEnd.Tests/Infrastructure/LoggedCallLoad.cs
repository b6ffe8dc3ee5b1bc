using System.Globalization;
using System.Text.RegularExpressions;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A steady sipp load of citizens calling a line (no key, hanging up after a hold), each call's answer and normal end
/// written by sipp itself to its log with the call's number and Call-ID: what a test needs to match each call sipp made
/// with the server's records, and to tell the calls that started after a fault from those before it.
/// </summary>
public static partial class LoggedCallLoad
{
    /// <param name="port">The node's or Kamailio's SIP port.</param>
    /// <param name="localAddress">sipp's own loopback address (127.0.0.x: a source of its own for the server's per-source limits).</param>
    public static async Task<LoggedCalls> RunAsync(
        string service, int port, string localAddress, int calls, double rate, TimeSpan hold, bool throughProxy, TimeSpan timeout)
    {
        var scenario = DtmfCallScenario.Write([], hold, throughProxy: throughProxy);
        var xml = await File.ReadAllTextAsync(scenario);
        // The 200 OK to the INVITE, then the last response of the scenario (the 200 OK to the caller's BYE).
        var answered = new Regex(@"<recv response=""200"" rtd=""true""[^/]*/>");
        Assert.Matches(answered, xml);
        xml = answered.Replace(xml, m => m.Value[..^2] + "><action><log message=\"answered [call_number] [call_id]\"/></action></recv>", 1);
        var last = xml.LastIndexOf("<recv response=\"200\"/>", StringComparison.Ordinal);
        Assert.True(last > 0, "the scenario has no BYE of the caller's");
        xml = xml[..last] + "<recv response=\"200\"><action><log message=\"completed [call_number] [call_id]\"/></action></recv>" + xml[(last + "<recv response=\"200\"/>".Length)..];
        await File.WriteAllTextAsync(scenario, xml);

        var log = Path.Combine(Path.GetDirectoryName(scenario)!, "calls.log");
        var run = await SippLoad.RunAsync(scenario, localAddress, service, port, calls, rate, limit: calls, timeout,
            "-trace_logs", "-log_file", log, "-recv_timeout", "30000");
        var lines = File.Exists(log) ? await File.ReadAllLinesAsync(log) : [];
        var events = lines.Select(l => LogLine().Match(l)).Where(m => m.Success).ToList();
        IReadOnlyDictionary<string, int> Of(string kind) => events.Where(m => m.Groups["kind"].Value == kind)
            .GroupBy(m => m.Groups["id"].Value).ToDictionary(g => g.Key, g => int.Parse(g.First().Groups["number"].Value, CultureInfo.InvariantCulture));
        return new LoggedCalls(run, Of("answered"), Of("completed"));
    }

    [GeneratedRegex(@"(?<kind>answered|completed) (?<number>\d+) (?<id>\S+)")]
    private static partial Regex LogLine();
}

/// <param name="Answered">Each call the service answered: its SIP Call-ID, and its number in sipp's order (1 first).</param>
/// <param name="Completed">Each call that went on to the caller's BYE and its 200 OK.</param>
public sealed record LoggedCalls(SippLoadRun Run, IReadOnlyDictionary<string, int> Answered, IReadOnlyDictionary<string, int> Completed);
