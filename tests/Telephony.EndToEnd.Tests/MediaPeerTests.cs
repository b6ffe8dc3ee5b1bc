using System.Globalization;
using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// The media peer rules against a real server and real sipp callers, with third hosts on other loopback addresses:
/// RTP from a host the signalling never named (sprayed at every port of the range, as an attacker would) neither
/// drives the IVR nor takes the call before the caller's first packet; an SDP naming a foreign or broadcast address
/// gets no packet until RTP from a proven source arrives (no reflection amplifier).
/// </summary>
public sealed class MediaPeerTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> NoLabels = [];

    [EndToEndFact]
    public async Task A_third_host_sending_digits_before_the_caller_neither_drives_the_ivr_nor_takes_the_call()
    {
        await using var server = await ServerProcess.StartAsync();
        using var intruder = new LoopbackRtpHost("127.0.0.9");
        // The caller sends nothing until its key 1 at 7 s (the queue cnav.retraite); the intruder's 3 would be "other".
        var scenario = DtmfCallScenario.Write([new KeyPress('1', TimeSpan.FromSeconds(7))], TimeSpan.FromSeconds(2));
        var caller = Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));
        var line = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3960" };
        await Eventually.ReadAsync(server.GetMetricsTextAsync, done: m => PrometheusText.Value(m, "telephony_calls_offered_total", line) == 1);

        using var stopSpraying = new CancellationTokenSource();
        var spray = Task.Run(async () =>
        {
            for (ushort round = 0; !stopSpraying.IsCancellationRequested; round++)
            {
                intruder.SendDigitToEvery(server.RtpPorts, '3', (ushort)(round * 6), round * 8000u);
                await Task.Delay(150);
            }
        });
        var run = await caller;
        await stopSpraying.CancelAsync();
        await spray;

        try
        {
            Assert.True(run.ExitCode == 0, $"the caller's call failed ({run.ExitCode}):\n{run.Output}");
            var queued = new Dictionary<string, string> { ["network"] = "CNAV", ["queue"] = "cnav.retraite" };
            var metrics = await Eventually.ReadAsync(server.GetMetricsTextAsync, done: m => PrometheusText.Value(m, "telephony_rtp_packets_unannounced_source_total", NoLabels) > 0);
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_queue_entered_total", queued));
            var refused = PrometheusText.Value(metrics, "telephony_rtp_packets_unannounced_source_total", NoLabels);
            Assert.True(refused >= 6, $"the intruder's packets were refused as from an unannounced source ({refused})");
            Assert.Equal(0, intruder.Pending); // and the call's audio never went to the intruder

            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var path = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<string?>("SELECT path FROM call_records WHERE ended_at IS NOT NULL"));
            Assert.NotNull(path);
            Assert.DoesNotContain("other", path, StringComparison.Ordinal);
            output.WriteLine($"path {path}; intruder packets refused {refused}");
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact(needsCapture: true)]
    public Task An_sdp_naming_a_foreign_address_gets_no_media_until_that_address_sends_rtp() =>
        NoMediaUntilProvenAsync(sdpAddress: "127.0.0.9", proverAddress: "127.0.0.9");

    [EndToEndFact(needsCapture: true)]
    public Task An_sdp_naming_a_broadcast_address_gets_no_media_and_the_caller_gets_it_once_it_sends_rtp() =>
        NoMediaUntilProvenAsync(sdpAddress: "127.255.255.255", proverAddress: "127.0.0.1");

    /// <summary>
    /// The caller (sipp on 127.0.0.1) names <paramref name="sdpAddress"/> in its SDP. The server runs the call's stream
    /// but withholds every packet (counted), none reaching anyone; then a host at <paramref name="proverAddress"/> (the
    /// SDP's own, or the signalling peer's) sends RTP and the stream goes to it. tcpdump on the loopback checks it on
    /// the wire: nothing from the server's RTP ports to the SDP's address before the proof, the stream to the prover after.
    /// </summary>
    private async Task NoMediaUntilProvenAsync(string sdpAddress, string proverAddress)
    {
        await using var server = await ServerProcess.StartAsync();
        using var prover = new LoopbackRtpHost(proverAddress);
        var sdpPort = sdpAddress == proverAddress ? prover.EndPoint.Port : 40000;
        await using var capture = await PacketCapture.StartAsync(server.RtpPorts);
        var caller = Sipp.RunScenarioAsync(WriteScenario(sdpAddress, sdpPort, TimeSpan.FromSeconds(14)), "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));

        try
        {
            // Published every 5 s: the stream ran that long at least, all of it withheld, none of it sent.
            var metrics = await Eventually.ReadAsync(
                server.GetMetricsTextAsync, done: m => PrometheusText.Value(m, "telephony_rtp_packets_withheld_total", NoLabels) >= 100, within: TimeSpan.FromSeconds(15));
            var withheld = PrometheusText.Value(metrics, "telephony_rtp_packets_withheld_total", NoLabels);
            Assert.True(withheld >= 100, $"the call's packets are withheld ({withheld})");
            Assert.Equal(0, PrometheusText.Value(metrics, "telephony_rtp_packets_sent_total", NoLabels));
            Assert.Equal(0, prover.Pending);

            // Anything captured before this instant left the server before the proof: the kernel stamps each packet
            // as it passes, on the same clock, and the server cannot answer a proof it has not been sent yet.
            var proofSentAt = DateTimeOffset.UtcNow;
            prover.SendAudioToEvery(server.RtpPorts, 1);
            var received = await prover.ReceiveAsync(10, TimeSpan.FromSeconds(5));
            Assert.True(received == 10, $"once it sent RTP the proven host gets the stream ({received} packets)");
            // tcpdump hands packets over in blocks (up to a second late) and a stop loses the last one: let 2 s more of
            // the stream (100 packets) reach the prover before stopping, so the packets above are surely written.
            var more = await prover.ReceiveAsync(100, TimeSpan.FromSeconds(5));
            var wire = await capture.StopAsync();

            var sdpHost = IPAddress.Parse(sdpAddress);
            var beforeProof = wire.Where(d => d.IsRtp && d.CapturedAt < proofSentAt).ToList();
            var toSdpBeforeProof = beforeProof.Count(d => d.DestinationAddress.Equals(sdpHost));
            var toProver = wire.Count(d => d.IsRtp && d.CapturedAt >= proofSentAt
                && d.DestinationAddress.Equals(prover.EndPoint.Address) && d.DestinationPort == prover.EndPoint.Port);
            output.WriteLine($"on the wire: {beforeProof.Count} RTP packets from the server's ports before the proof ({toSdpBeforeProof} to {sdpAddress}), "
                + $"{toProver} to the prover {prover.EndPoint} after it ({received + more} received there)");
            Assert.Equal(0, toSdpBeforeProof);
            Assert.True(toProver >= 10, $"the stream reached the prover on the wire ({toProver} packets)");
            if (sdpHost.Equals(IPAddress.Parse("127.255.255.255")))
            {
                Assert.DoesNotContain(wire, d => d.DestinationAddress.Equals(sdpHost)); // broadcast never, proof or not
            }

            var run = await caller;
            Assert.True(run.ExitCode == 0, $"the call failed ({run.ExitCode}):\n{run.Output}");
            output.WriteLine($"SDP {sdpAddress}: {withheld} packets withheld before proof, then the stream went to {prover.EndPoint}");
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    /// <summary>A caller whose SDP names <paramref name="address"/>:<paramref name="port"/>, silent for <paramref name="hold"/>, then BYE.</summary>
    private static string WriteScenario(string address, int port, TimeSpan hold)
    {
        var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scenarios", "uac_admitted_or_refused.xml"))
            .Replace("c=IN IP[media_ip_type] [media_ip]", $"c=IN IP4 {address}", StringComparison.Ordinal)
            .Replace("m=audio [auto_media_port]", $"m=audio {port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal)
            .Replace("<pause milliseconds=\"3000\"/>", $"<pause milliseconds=\"{(int)hold.TotalMilliseconds}\"/>", StringComparison.Ordinal);
        var path = Path.Combine(TestTemp.NewDirectory("sipp-scenario"), "sdp-address.xml");
        File.WriteAllText(path, xml);
        return path;
    }
}
