using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// An attacker guessing an agent's password with sipvicious' svcrack (from 127.0.0.1: this svcrack ignores its
/// binding option) is banned after 5 failures, before the dictionary reaches the password, while an agent's phone from
/// another address (127.0.0.2) registers meanwhile. A Contact naming another host is bound to the REGISTER's source.
/// </summary>
public sealed class SipPasswordGuessingTests(ITestOutputHelper output)
{
    public const string Svcrack = "/usr/bin/svcrack";

    [SvcrackFact]
    public async Task Svcrack_is_banned_after_five_guesses_while_an_agent_phone_from_another_address_registers()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Agents:Accounts:0:Username"] = "agent1",
            ["Agents:Accounts:0:Password"] = "correct-horse",
            ["Agents:Accounts:1:Username"] = "agent2",
            ["Agents:Accounts:1:Password"] = "battery-staple",
        });
        var directory = TestTemp.NewDirectory("svcrack");
        // The password is the 41st guess: without a ban svcrack finds it in well under a second.
        var dictionary = Path.Combine(directory, "dictionary.txt");
        await File.WriteAllLinesAsync(dictionary, [.. Enumerable.Range(1, 40).Select(i => $"guess{i}"), "battery-staple", .. Enumerable.Range(41, 60).Select(i => $"guess{i}")]);

        var clock = Stopwatch.StartNew();
        await using var attack = ExternalProcess.Start(Svcrack, ["-u", "agent2", "-d", dictionary, "-p", server.SipPort.ToString(CultureInfo.InvariantCulture), "--maximumtime=5", "127.0.0.1"], directory);
        var banned = await Eventually.ReadAsync(() => Task.FromResult(server.Output), done: o => o.Contains("banned 127.0.0.1", StringComparison.Ordinal), within: TimeSpan.FromSeconds(20));
        var banAfter = clock.Elapsed;
        await using var phone = SippAgentPhone.Start(server.SipPort, "agent1", "correct-horse", AgentPhoneBehaviour.Busy, "unused.wav", TimeSpan.Zero, TimeSpan.Zero, localAddress: "127.0.0.2");

        try
        {
            Assert.Contains("banned 127.0.0.1 for 15 min (auth_failures", banned, StringComparison.Ordinal);
            var registrations = await Eventually.ReadAsync(() => RegistrationsAsync(server, "agent1"), done: r => r.GetArrayLength() > 0, within: TimeSpan.FromSeconds(15));
            Assert.Equal($"127.0.0.2:{phone.SipPort}", Assert.Single(registrations.EnumerateArray()).GetProperty("receivedFrom").GetString());

            // It stops after --maximumtime=5 s of silence; a loaded CI machine can take far longer to run it.
            Assert.True(await attack.WaitForExitAsync(TimeSpan.FromSeconds(90)), "svcrack should give up once nothing answers");
            var guessesChecked = CountOccurrences(server.Output, "REGISTER for sip:agent2@127.0.0.1 from Udp:127.0.0.1:");
            output.WriteLine($"svcrack: {guessesChecked} guesses checked before the ban, banned {banAfter.TotalSeconds:0.0} s after it started; agent from 127.0.0.2 registered");
            Assert.Equal(5, guessesChecked);
            Assert.DoesNotContain("battery-staple", attack.Output, StringComparison.Ordinal);
            Assert.Empty((await RegistrationsAsync(server, "agent2")).EnumerateArray());

            var metrics = await server.GetMetricsTextAsync();
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_sip_bans_total", new Dictionary<string, string> { ["reason"] = "auth_failures" }));
            var dropped = PrometheusText.Value(metrics, "telephony_sip_refused_total", new Dictionary<string, string> { ["reason"] = "banned" });
            Assert.True(dropped > 0, "the banned source's later guesses are dropped unanswered");
            output.WriteLine($"messages of the banned source dropped unanswered: {dropped}");
        }
        catch
        {
            output.WriteLine(server.Output);
            output.WriteLine(attack.Output);
            output.WriteLine(phone.Errors);
            throw;
        }
    }

    [EndToEndFact]
    public async Task A_contact_naming_another_host_is_bound_to_the_address_the_register_came_from()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Agents:Accounts:0:Username"] = "agent1",
            ["Agents:Accounts:0:Password"] = "correct-horse",
        });
        var directory = TestTemp.NewDirectory("register-elsewhere");
        var scenario = Path.Combine(directory, "register_elsewhere.xml");
        await File.WriteAllTextAsync(scenario, RegisterElsewhere);

        var run = await SippLoad.RunAsync(scenario, "127.0.0.4", "agent1", server.SipPort, calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(15));

        try
        {
            Assert.True(run.ExitCode == 0, run.Output);
            var binding = Assert.Single((await RegistrationsAsync(server, "agent1")).EnumerateArray());
            var receivedFrom = binding.GetProperty("receivedFrom").GetString()!;
            Assert.StartsWith("127.0.0.4:", receivedFrom, StringComparison.Ordinal);
            // Not 192.0.2.99: the Contact now names where the REGISTER came from, and that is where calls go.
            Assert.Equal($"sip:agent1@{receivedFrom}", binding.GetProperty("contact").GetString());
            Assert.Contains("Contact on 192.0.2.99 bound to the source instead", server.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    private static int CountOccurrences(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task<JsonElement> RegistrationsAsync(ServerProcess server, string agent)
    {
        using var response = await server.AdminAsync(HttpMethod.Get, $"/admin/agents/{agent}/registrations");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A REGISTER (digest-authenticated, sipp's [authentication]) whose Contact names a third host.</summary>
    private const string RegisterElsewhere = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="Register a Contact elsewhere">
          <send retrans="500">
            <![CDATA[

              REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:[service]@[remote_ip]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@[remote_ip]>
              Call-ID: [call_id]
              CSeq: 1 REGISTER
              Contact: <sip:[service]@192.0.2.99:5099>
              Expires: 300
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
          <recv response="401" auth="true" />
          <send retrans="500">
            <![CDATA[

              REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:[service]@[remote_ip]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@[remote_ip]>
              Call-ID: [call_id]
              CSeq: 2 REGISTER
              Contact: <sip:[service]@192.0.2.99:5099>
              [authentication username=agent1 password=correct-horse]
              Expires: 300
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
          <recv response="200" />
        </scenario>
        """;
}

/// <summary>An end-to-end test that also needs sipvicious' svcrack; skipped, with the package to install, without it.</summary>
public sealed class SvcrackFactAttribute : FactAttribute
{
    public SvcrackFactAttribute()
    {
        Skip = new EndToEndFactAttribute().Skip
            ?? (File.Exists(SipPasswordGuessingTests.Svcrack) ? null : $"{SipPasswordGuessingTests.Svcrack} is not installed (scripts/test.sh installs Debian's sipvicious)");
    }
}
