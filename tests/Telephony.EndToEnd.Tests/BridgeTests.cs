using Telephony.EndToEnd.Tests.Infrastructure;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Two real SIP phones (sipp) joined by our media bridge: each hears the other's speech, and when one hangs up the
/// bridge hangs up the other.
/// </summary>
public sealed class BridgeTests
{
    private const byte ALawSilence = 0xD5;

    [EndToEndFact(needsCapture: true)]
    public async Task A_bridge_carries_speech_both_ways_and_one_hang_up_ends_both_legs()
    {
        await using var bridge = new TwoLegBridge(FreePorts.NextUdpRange(20));
        await bridge.StartAsync();
        var (waitingLegMedia, hangingLegMedia) = (Sipp.NextMediaPort(), Sipp.NextMediaPort());

        SippRun waitingLeg, hangingLeg;
        IReadOnlyList<CapturedDatagram> relayed;
        await using (var capture = await PacketCapture.StartAsync(bridge.RtpPorts))
        {
            // The first leg calls and waits for the bridge to hang it up; the second plays speech and hangs up at ~9 s.
            var waiting = Sipp.RunScenarioAsync("bridge_leg_wait_bye.xml", "agent", bridge.Port, waitingLegMedia, TimeSpan.FromSeconds(40));
            await Task.Delay(500);
            hangingLeg = await Sipp.RunBuiltInAsync("uac_pcap", "caller", bridge.Port, hangingLegMedia, TimeSpan.FromSeconds(40));
            waitingLeg = await waiting;
            relayed = await capture.StopAsync();
        }

        Assert.True(hangingLeg.ExitCode == 0, $"the hanging-up leg failed:\n{hangingLeg.Output}");
        Assert.True(waitingLeg.ExitCode == 0, $"the waiting leg was not hung up cleanly by the bridge:\n{waitingLeg.Output}");
        await bridge.BothEnded.WaitAsync(TimeSpan.FromSeconds(5));

        // Our sessions play nothing while bridged, so any speech a leg receives was relayed from the other leg.
        Assert.True(SpeechPackets(relayed, waitingLegMedia) >= 100, "the waiting leg did not hear the other leg");
        Assert.True(SpeechPackets(relayed, hangingLegMedia) >= 100, "the hanging-up leg did not hear the other leg");
    }

    private static int SpeechPackets(IReadOnlyList<CapturedDatagram> datagrams, int mediaPortBase) =>
        datagrams.Count(d => d.IsRtp && d.DestinationPort >= mediaPortBase && d.DestinationPort < mediaPortBase + 4
            && d.RtpPayloadType == 8 && d.Payload.Skip(12).Count(b => b != ALawSilence) > 40);
}
