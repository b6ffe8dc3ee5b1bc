using System.Globalization;
using System.Text.RegularExpressions;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// What a SIP scanner learns, swept as attackers sweep (sipvicious' svmap, then svwar over a range of extensions
/// with each method): that a SIP server answers, never which agents exist. A line is a public number and answers
/// INVITEs by design on the demonstration's default (any source); with `Sip:TrunkRanges` set, as on a public line,
/// an INVITE sweep from outside the trunks finds nothing either.
/// </summary>
public sealed partial class ScannerSweepTests(ITestOutputHelper output)
{
    private const string Svmap = "/usr/bin/svmap";
    private const string Svwar = "/usr/bin/svwar";

    // The agent's username (2001) and the CNAV line (3960) are both inside the swept ranges.
    private const string Ranges = "1995-2005,3955-3965";

    [ScannerFact]
    public async Task A_sweep_finds_the_server_but_no_agent_and_on_the_default_only_the_public_lines()
    {
        await using var server = await ServerProcess.StartAsync(Agent());

        var map = await RunAsync(Svmap, "-p", Port(server), "127.0.0.1");
        Assert.Contains($"127.0.0.1:{server.SipPort}", map, StringComparison.Ordinal);

        foreach (var method in new[] { "REGISTER", "OPTIONS" })
        {
            var sweep = await RunAsync(Svwar, "-m", method, $"-e{Ranges}", "-p", Port(server), "127.0.0.1");
            Assert.True(sweep.Contains("found nothing", StringComparison.Ordinal), $"svwar -m {method} found extensions:\n{sweep}");
        }

        var invites = await RunAsync(Svwar, "-m", "INVITE", $"-e{Ranges}", "-p", Port(server), "127.0.0.1");
        var found = FoundExtensions(invites);
        Assert.DoesNotContain("2001", found);
        Assert.All(found, extension => Assert.Equal("3960", extension));
    }

    [ScannerFact]
    public async Task With_trunk_ranges_an_invite_sweep_from_outside_them_finds_nothing()
    {
        var settings = Agent();
        settings["Sip:TrunkRanges:0"] = "127.0.0.2/32";
        await using var server = await ServerProcess.StartAsync(settings);

        var invites = await RunAsync(Svwar, "-m", "INVITE", $"-e{Ranges}", "-p", Port(server), "127.0.0.1");

        Assert.Empty(FoundExtensions(invites));
        Assert.Contains("found nothing", invites, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Agent() => new()
    {
        ["Agents:Accounts:0:Username"] = "2001",
        ["Agents:Accounts:0:Password"] = "correct-horse-battery",
    };

    private static string Port(ServerProcess server) => server.SipPort.ToString(CultureInfo.InvariantCulture);

    private async Task<string> RunAsync(string tool, params string[] arguments)
    {
        await using var scan = await ExternalProcess.RunAsync(tool, arguments, TimeSpan.FromSeconds(90), TestTemp.NewDirectory("scan"));
        output.WriteLine($"$ {Path.GetFileName(tool)} {string.Join(' ', arguments)}\n{scan.Output}");
        return scan.Output;
    }

    /// <summary>The extensions of svwar's result table (`| 3960 | noauth |`).</summary>
    private static List<string> FoundExtensions(string sweep) =>
        TableRow().Matches(sweep).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"^\| *(\d+) *\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}

/// <summary>An end-to-end test that also needs sipvicious' svmap and svwar; skipped, naming the package, without them.</summary>
public sealed class ScannerFactAttribute : FactAttribute
{
    public ScannerFactAttribute()
    {
        Skip = new EndToEndFactAttribute().Skip
            ?? (File.Exists("/usr/bin/svwar") && File.Exists("/usr/bin/svmap") ? null : "svmap/svwar are not installed (scripts/test.sh installs Debian's sipvicious)");
    }
}
