using System.Diagnostics;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Admission control under a real burst: sipp offers call set-ups well above what the node is configured to carry;
/// the excess gets 503 with Retry-After at once, every admitted call completes, and the node still answers afterwards.
/// </summary>
public sealed class OverloadTests(ITestOutputHelper output)
{
    private const int MaxCalls = 8;
    private const int Offered = 150;

    [EndToEndFact]
    public async Task A_burst_above_the_marks_gets_503_with_retry_after_for_the_excess_and_every_admitted_call_completes()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Admission:MaxCalls"] = MaxCalls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Admission:RetryAfterSeconds"] = "7",
        });

        // 50 set-ups a second for 3 s, each admitted call lasting 3 s: about 150 wanted at once against 8 allowed.
        var clock = Stopwatch.StartNew();
        var burst = await Sipp.RunLoadAsync("uac_admitted_or_refused.xml", "3960", server.SipPort, Sipp.NextMediaPort(), rate: 50, calls: Offered, limit: Offered, TimeSpan.FromSeconds(60));
        clock.Stop();

        try
        {
            Assert.True(burst.ExitCode == 0, $"a call neither completed nor was refused with Retry-After ({burst.ExitCode}):\n{burst.Output}");
            var line = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3960" };
            var refusedByCalls = new Dictionary<string, string> { ["reason"] = "calls" };
            var metrics = await server.GetMetricsTextAsync();
            var carried = PrometheusText.Value(metrics, "telephony_calls_offered_total", line) ?? 0;
            var refused = PrometheusText.Value(metrics, "telephony_call_setups_refused_total", refusedByCalls) ?? 0;
            output.WriteLine($"offered {Offered} at 50/s in {clock.Elapsed.TotalSeconds:0.0} s: carried {carried}, refused {refused} (503, Retry-After 7)");
            Assert.Equal(Offered, carried + refused);
            Assert.True(carried >= MaxCalls, $"at least the first {MaxCalls} calls are carried ({carried})");
            Assert.True(refused >= Offered / 2, $"the excess is refused ({refused})");
            Assert.Equal(refused, PrometheusText.Value(metrics, "telephony_calls_rejected_total", new Dictionary<string, string> { ["status"] = "503" }));
            Assert.Equal(0, PrometheusText.Value(metrics, "telephony_calls_outcome_total", new Dictionary<string, string>(line) { ["outcome"] = "dropped" }));

            // The node is alive and answers a caller once the burst is over.
            var after = await Sipp.RunScenarioAsync("uac_admitted_or_refused.xml", "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(20));
            Assert.True(after.ExitCode == 0, $"the call after the burst failed:\n{after.Output}");
            var final = await Eventually.ReadAsync(server.GetMetricsTextAsync, done: m => PrometheusText.Value(m, "telephony_calls_offered_total", line) == carried + 1);
            Assert.Equal(carried + 1, PrometheusText.Value(final, "telephony_calls_offered_total", line));
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact(needsKamailio: true)]
    public async Task Kamailio_sends_a_call_refused_with_503_and_retry_after_on_to_the_next_node()
    {
        // Node 1 refuses every new call (a memory mark of 1 MB), node 2 takes them; Kamailio deals them round robin.
        await using var refusing = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Admission:MaxMemoryMegabytes"] = "1" });
        await using var taking = await ServerProcess.StartAsync();
        await using var kamailio = await KamailioProcess.StartAsync([refusing.SipPort, taking.SipPort]);
        const int Calls = 4;
        var runs = new List<SippRun>();
        for (var i = 0; i < Calls; i++)
        {
            var scenario = DtmfCallScenario.Write([], TimeSpan.FromSeconds(1), throughProxy: true, callerNumber: $"06123456{20 + i}");
            runs.Add(await Sipp.RunScenarioAsync(scenario, "3960", kamailio.Port, Sipp.NextMediaPort(), TimeSpan.FromSeconds(20)));
        }

        try
        {
            Assert.All(runs, run => Assert.True(run.ExitCode == 0, $"a call through Kamailio was not carried ({run.ExitCode}):\n{run.Output}"));
            var line = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3960" };
            var taken = await Eventually.ReadAsync(taking.GetMetricsTextAsync, done: m => PrometheusText.Value(m, "telephony_calls_offered_total", line) == Calls);
            Assert.Equal(Calls, PrometheusText.Value(taken, "telephony_calls_offered_total", line));
            var refused = PrometheusText.Value(await refusing.GetMetricsTextAsync(), "telephony_call_setups_refused_total", new Dictionary<string, string> { ["reason"] = "memory" });
            Assert.True(refused >= 1, $"the refusing node was never tried ({refused})");
            Assert.Contains("refused the call (503, Retry-After", kamailio.Output, StringComparison.Ordinal);
            output.WriteLine($"{Calls} calls through Kamailio: {refused} refused by node 1 (503, Retry-After) and carried by node 2");
        }
        catch
        {
            output.WriteLine(refusing.Output);
            output.WriteLine(kamailio.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task An_invite_never_acknowledged_is_hung_up_within_the_ack_timeout_and_its_port_pair_serves_the_next_caller()
    {
        var onePair = FreePorts.NextUdpRange(2);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            // One RTP pair: the next caller only gets through once the unacknowledged call gave it back.
            ["Sip:RtpPortRange"] = $"{onePair.First}-{onePair.Last}",
            ["Admission:AckTimeoutSeconds"] = "2",
        });

        var clock = Stopwatch.StartNew();
        var unacknowledged = await Sipp.RunScenarioAsync("uac_never_acks.xml", "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(20));
        var byeAfter = clock.Elapsed;
        var next = await Sipp.RunScenarioAsync("uac_admitted_or_refused.xml", "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(20));

        try
        {
            Assert.True(unacknowledged.ExitCode == 0, $"the service did not hang up the unacknowledged call ({unacknowledged.ExitCode}):\n{unacknowledged.Output}");
            Assert.True(byeAfter < TimeSpan.FromSeconds(10), $"the BYE came {byeAfter.TotalSeconds:0.0} s after the INVITE (RFC 3261's 64×T1 is 32 s)");
            Assert.True(next.ExitCode == 0, $"the next caller did not get the port pair back ({next.ExitCode}):\n{next.Output}");
            var line = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3960" };
            var metrics = await Eventually.ReadAsync(server.GetMetricsTextAsync, done: m => PrometheusText.Value(m, "telephony_calls_offered_total", line) == 1);
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_call_setups_unconfirmed_total", new Dictionary<string, string>()));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_offered_total", line)); // the next caller, answered
            Assert.Equal(0, PrometheusText.Value(metrics, "telephony_calls_outcome_total", new Dictionary<string, string>(line) { ["outcome"] = "saturated" }));
            output.WriteLine($"unacknowledged INVITE hung up {byeAfter.TotalSeconds:0.0} s after it was sent; the next caller was answered on the same port pair");
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }
}
