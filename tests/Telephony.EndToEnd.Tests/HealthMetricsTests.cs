using System.Diagnostics;
using System.Net.Http.Json;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// The node's health figures on /metrics after one known call: sipp calls CNAV 3960 with its voice looped as RTP,
/// keys 1 by SIP INFO at 3.5 s, waits 5 s in the queue and hangs up. The lines' open state is there without any call.
/// </summary>
public sealed class HealthMetricsTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> NoLabels = [];

    [EndToEndFact]
    public async Task After_a_known_call_metrics_show_its_sip_messages_its_rtp_at_50_packets_a_second_and_the_lines_open_state()
    {
        await using var server = await ServerProcess.StartAsync();
        SippRun? sipp = null;
        try
        {
            // No call has reached CAF 3230: its gauge is current anyway, and an operator's closure shows at once.
            var before = await server.GetMetricsTextAsync();
            Assert.Equal(1, Value(before, "telephony_line_open", ("network", "CAF"), ("line", "3230")));
            Assert.Equal(0, Value(before, "telephony_active_calls"));
            Assert.Equal(0, Value(before, "telephony_rtp_packets_sent_total"));
            using (var closed = await server.AdminAsync(HttpMethod.Put, "/admin/lines/caf/override", JsonContent.Create(new { mode = "closed", message = "inventaire" })))
            {
                closed.EnsureSuccessStatusCode();
            }

            var scenario = DtmfCallScenario.Write(
                [new KeyPress('1', TimeSpan.FromMilliseconds(3500), ViaSipInfo: true)], TimeSpan.FromSeconds(5), voice: await Tones.WriteAsync(440, muLaw: false));
            var clock = Stopwatch.StartNew();
            var call = Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));
            var during = await Eventually.ReadAsync(server.GetMetricsTextAsync, text => Value(text, "telephony_active_calls") == 1 || call.IsCompleted);
            sipp = await call;
            var callSeconds = clock.Elapsed.TotalSeconds;
            Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");
            Assert.Equal(1, Value(during, "telephony_active_calls"));

            // The RTP figures are published when the call's media closes, which is before the call stops counting as active.
            var after = await Eventually.ReadAsync(server.GetMetricsTextAsync, text => Value(text, "telephony_active_calls") == 0);
            Assert.Equal(0, Value(after, "telephony_active_calls"));

            foreach (var method in new[] { "INVITE", "ACK", "INFO", "BYE" })
            {
                Assert.True(Value(after, "telephony_sip_requests_total", ("method", method)) >= 1, $"no {method} counted as received");
            }

            Assert.Equal(0, Value(after, "telephony_sip_requests_total", ("method", "other")));
            Assert.True(Value(after, "telephony_sip_responses_total", ("method", "INVITE"), ("class", "1xx")) >= 1, "no 100 Trying counted");
            Assert.True(Value(after, "telephony_sip_responses_total", ("method", "INVITE"), ("class", "2xx")) >= 1, "the INVITE's 200 not counted");
            Assert.True(Value(after, "telephony_sip_responses_total", ("method", "INFO"), ("class", "2xx")) >= 1, "the INFO's 200 not counted");
            Assert.True(Value(after, "telephony_sip_responses_total", ("method", "BYE"), ("class", "2xx")) >= 1, "the BYE's 200 not counted");
            Assert.Equal(0, Value(after, "telephony_sip_responses_total", ("method", "INVITE"), ("class", "4xx")));
            Assert.Equal(0, Value(after, "telephony_sip_responses_total", ("method", "INVITE"), ("class", "5xx")));

            // Media flows both ways from the answer to the BYE: 8.5 s of the scenario, at most the whole sipp run, give or
            // take the server's last second (its session closes once the call's record is written) and sipp's bursts.
            var sent = Value(after, "telephony_rtp_packets_sent_total");
            var received = Value(after, "telephony_rtp_packets_received_total");
            output.WriteLine($"call {callSeconds:0.00} s: RTP sent {sent}, received {received}, lost {Value(after, "telephony_rtp_packets_lost_total")}");
            // The server's own tail after the BYE lasts until the record is written: up to a few seconds on a machine at
            // load 30 (559 packets for a 9.1 s call was seen), still far from a double count (about 2 x 460).
            Assert.InRange(sent, 50 * 8.5 * 0.85, 50 * (callSeconds + 4) * 1.1);
            Assert.InRange(received, 50 * 8.5 * 0.85, 50 * (callSeconds + 1) * 1.1);
            Assert.InRange(Value(after, "telephony_rtp_packets_lost_total"), 0, received * 0.01);
            Assert.True(Value(after, "telephony_rtp_jitter_seconds_count") >= 1, "no jitter sample for the call");
            Assert.Equal(Value(after, "telephony_rtp_jitter_seconds_count"), Value(after, "telephony_rtp_jitter_seconds_bucket", ("le", "0.5")));

            Assert.Equal(1, Value(after, "telephony_line_open", ("network", "CNAV"), ("line", "3960")));
            Assert.Equal(0, Value(after, "telephony_line_open", ("network", "CAF"), ("line", "3230")));
            using (var reopened = await server.AdminAsync(HttpMethod.Delete, "/admin/lines/caf/override"))
            {
                reopened.EnsureSuccessStatusCode();
            }

            Assert.Equal(1, Value(await server.GetMetricsTextAsync(), "telephony_line_open", ("network", "CAF"), ("line", "3230")));
        }
        catch
        {
            output.WriteLine("--- server output ---");
            output.WriteLine(server.Output);
            output.WriteLine("--- sipp output ---");
            output.WriteLine(sipp?.Output ?? "(not run)");
            throw;
        }
    }

    private static double Value(string exposition, string metric, params (string Key, string Value)[] labels) =>
        PrometheusText.Value(exposition, metric, labels.Length == 0 ? NoLabels : labels.ToDictionary(l => l.Key, l => l.Value))
            ?? throw new Xunit.Sdk.XunitException($"{metric}{{{string.Join(',', labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} is not on /metrics");
}
