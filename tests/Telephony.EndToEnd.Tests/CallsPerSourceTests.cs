using System.Globalization;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Concurrent calls per source (<c>Sip:Protection:MaxCallsPerSource</c>) with real sipp processes, each on a
/// loopback address of its own: a source holding its most calls gets 486 for the next ones while a caller from
/// another address is answered, and once its calls end it is answered again (nothing leaked, nothing banned).
/// </summary>
public sealed class CallsPerSourceTests(ITestOutputHelper output)
{
    private const int Cap = 5;
    private const int Excess = 20;
    private const int Citizens = 10;
    private const string SourceA = "127.0.0.12";
    private const string SourceB = "127.0.0.13";

    [EndToEndFact]
    public async Task A_source_at_its_call_limit_gets_486_while_another_is_answered_and_calls_again_once_its_calls_end()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Sip:Protection:MaxCallsPerSource"] = Cap.ToString(CultureInfo.InvariantCulture),
            ["Sip:RtpPortRange"] = RtpRange(),
            // The held calls send no RTP: keep them up past the default 30 s without media, whatever the machine's load.
            ["Media:InactivityTimeoutSeconds"] = "120",
        });
        var line = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3960" };
        var refusedBusy = new Dictionary<string, string> { ["reason"] = "calls_per_source" };

        // Source A takes its 5 calls and holds them 25 s (sipp's built-in uac: INVITE, ACK, pause, BYE).
        var held = SippLoad.RunAsync("uac", SourceA, "3960", server.SipPort, calls: Cap, rate: 10, limit: Cap, TimeSpan.FromSeconds(90), "-d", "25000");
        await Eventually.ReadAsync(() => Task.FromResult(CallsFrom(server, SourceA)), done: n => n == Cap, within: TimeSpan.FromSeconds(30));
        Assert.True(CallsFrom(server, SourceA) == Cap, $"source A never held its {Cap} calls:\n{server.Output}");

        // Meanwhile: A's next 20 INVITEs (another sipp on the same address) must each get 486; B's 10 callers are answered.
        var excess = SippLoad.RunAsync(Path.Combine(AppContext.BaseDirectory, "Scenarios", "uac_expect_486.xml"), SourceA, "3960", server.SipPort,
            calls: Excess, rate: 5, limit: Excess, TimeSpan.FromSeconds(40));
        var citizens = SippLoad.RunAsync("uac", SourceB, "3960", server.SipPort, calls: Citizens, rate: 5, limit: 5, TimeSpan.FromSeconds(40), "-d", "1000");
        var refused = await excess;
        var answered = await citizens;
        var heldCalls = await held;
        // Its calls over, A calls again.
        var again = await SippLoad.RunAsync("uac", SourceA, "3960", server.SipPort, calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(30), "-d", "1000");

        try
        {
            output.WriteLine($"source A held {heldCalls.Successful}/{Cap} calls, refused 486 {refused.Successful}/{Excess} times meanwhile; "
                + $"source B: {answered.Successful}/{Citizens} calls completed; A once its calls ended: {(again.ExitCode == 0 ? "answered" : "failed")}");
            Assert.True(heldCalls.ExitCode == 0 && heldCalls.Successful == Cap, $"A's held calls should all complete:\n{heldCalls.Output}");
            Assert.True(refused.ExitCode == 0 && refused.Successful == Excess, $"every INVITE over A's limit should get 486:\n{refused.Output}");
            Assert.True(answered.ExitCode == 0 && answered.Successful == Citizens, $"every caller from B should be answered:\n{answered.Output}");
            Assert.True(again.ExitCode == 0, $"A should be answered once its calls ended:\n{again.Output}");

            var metrics = await Eventually.ReadAsync(server.GetMetricsTextAsync,
                done: m => PrometheusText.Value(m, "telephony_calls_offered_total", line) == Cap + Citizens + 1);
            Assert.Equal(Excess, PrometheusText.Value(metrics, "telephony_sip_refused_total", refusedBusy));
            // The refused INVITEs never became calls: no record, no media port, only the counter above.
            Assert.Equal(Cap + Citizens + 1, PrometheusText.Value(metrics, "telephony_calls_offered_total", line));
            Assert.Equal(Cap + 1, CallsFrom(server, SourceA));
            Assert.DoesNotContain("banned " + SourceA, server.Output, StringComparison.Ordinal);
            Assert.Single(server.Output.Split('\n'), l => l.Contains($"{SourceA} holds {Cap} calls", StringComparison.Ordinal)); // once for the episode
            Assert.DoesNotContain("0612345678", server.Output, StringComparison.Ordinal); // sipp's caller number is never logged
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    /// <summary>Incoming calls the server started from this address (its "Incoming call … over Udp:a.b.c.d:port" lines).</summary>
    private static int CallsFrom(ServerProcess server, string address) =>
        server.Output.Split('\n').Count(l => l.Contains("Incoming call", StringComparison.Ordinal) && l.Contains($"Udp:{address}:", StringComparison.Ordinal));

    private static string RtpRange()
    {
        var range = FreePorts.NextUdpRange(60);
        return $"{range.First}-{range.Last}";
    }
}
