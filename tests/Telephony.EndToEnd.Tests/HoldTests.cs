using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// A caller puts the service on hold with a re-INVITE and resumes: the service answers each re-INVITE with the
/// mirrored direction, stops sending audio while held, and resumes with an unbroken RTP sequence.
/// </summary>
public sealed class HoldTests(ITestOutputHelper output)
{
    [EndToEndFact(needsCapture: true)]
    public async Task A_held_call_gets_no_audio_and_a_resumed_call_gets_it_back_on_the_same_stream()
    {
        await using var server = await ServerProcess.StartAsync();
        var mediaPort = Sipp.NextMediaPort();
        SippRun sipp;
        IReadOnlyList<CapturedDatagram> fromServer;
        await using (var capture = await PacketCapture.StartAsync(server.RtpPorts))
        {
            sipp = await Sipp.RunScenarioAsync("uac_hold_resume.xml", "3960", server.SipPort, mediaPort, TimeSpan.FromSeconds(30));
            fromServer = await capture.StopAsync();
        }

        try
        {
            // sipp checked both answers: a=recvonly to the hold, a=sendrecv to the resume.
            Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");

            var rtp = fromServer.Where(d => d.IsRtp && d.DestinationPort == mediaPort).OrderBy(d => d.CapturedAt).ToList();
            var gaps = rtp.Zip(rtp.Skip(1), (a, b) => (Before: a, After: b, Length: b.CapturedAt - a.CapturedAt)).ToList();
            var hold = gaps.MaxBy(g => g.Length);
            Assert.True(hold.Length >= TimeSpan.FromSeconds(1.5), $"the longest silence on the wire is {hold.Length.TotalMilliseconds:F0} ms: audio was not stopped while held");
            Assert.True(rtp.Count(d => d.CapturedAt < hold.Before.CapturedAt) >= 40, "too little audio before the hold");
            // 3 s between the resume's answer and the BYE: 150 packets when paced, 40 leaves room for a loaded machine.
            var afterResume = rtp.Count(d => d.CapturedAt > hold.After.CapturedAt);
            Assert.True(afterResume >= 40,
                $"too little audio after the resume: {afterResume} packets from {hold.After.CapturedAt:HH:mm:ss.fff} to {rtp[^1].CapturedAt:HH:mm:ss.fff}" +
                $" (hold gap {hold.Length.TotalMilliseconds:F0} ms, {rtp.Count} packets in all)");
            // One stream throughout: the sequence carries on after the hold (RFC 3550 §5.1), it does not restart.
            Assert.Equal((hold.Before.RtpSequenceNumber + 1) & 0xFFFF, hold.After.RtpSequenceNumber);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }
}
