using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Telephony.Media.Pacing;
using Telephony.Media.Rtcp;
using Telephony.Media.Rtp;
using Telephony.Media.Sessions;
using Telephony.Media.Tests.Support;

namespace Telephony.Media.Tests.Sessions;

/// <summary>RTCP on the odd port and the media inactivity timeout, against plain UDP sockets on loopback.</summary>
public sealed class RtpSessionControlTests : IDisposable
{
    private readonly MediaScheduler _scheduler = new();
    private readonly RtpPortAllocator _ports;

    public RtpSessionControlTests()
    {
        var (first, last) = TestPorts.Range(8);
        _ports = new RtpPortAllocator(first, last);
    }

    public void Dispose() => _scheduler.Dispose();

    private static NegotiatedAudio AudioTo(IPEndPoint remote, MediaDirection direction = MediaDirection.SendRecv) =>
        new(remote, AudioCodec.Pcmu, 0, 101, 20, direction);

    private static async Task<T> Within<T>(Task<T> task, int seconds = 5)
    {
        var finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Assert.True(finished == task, "timed out waiting");
        return await task;
    }

    /// <summary>
    /// Waits until the session has run an inactivity check that saw the fake clock as it is now, the positive event an
    /// assertion that the timeout did not fire must wait for. The check runs every <see cref="RtpSession.InactivityCheckTicks"/>
    /// ticks before that tick's packet goes out, so once that many packets more (and one for a tick in progress) are
    /// sent, one ran. <see cref="RtpSessionStatistics.InactivityTimeouts"/> counts a timeout as it is decided.
    /// </summary>
    private static Task InactivityCheckedAsync(RtpSession session)
    {
        var sent = session.Statistics.PacketsSent;
        return Poll.UntilAsync(() => session.Statistics.PacketsSent > sent + RtpSession.InactivityCheckTicks + 1, "an inactivity check ran");
    }

    [Fact]
    public async Task Silent_peer_times_out_after_the_configured_time_with_no_media_as_the_reason()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler, new RtpSessionOptions { InactivityTimeout = TimeSpan.FromSeconds(30) }, clock);
        var timedOut = new TaskCompletionSource<MediaTimeoutReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.InactivityTimedOut += reason => timedOut.TrySetResult(reason);
        session.Start(AudioTo(peer.EndPoint));

        clock.Advance(TimeSpan.FromSeconds(29));
        await InactivityCheckedAsync(session);
        Assert.Equal(0, session.Statistics.InactivityTimeouts); // 29 s of silence is still inside a 30 s timeout

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(MediaTimeoutReason.NoMediaReceived, await Within(timedOut.Task));
        Assert.Equal(1, session.Statistics.InactivityTimeouts);
    }

    [Fact]
    public async Task Media_that_stops_times_out_as_stopped_and_media_that_flows_does_not()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler, new RtpSessionOptions { InactivityTimeout = TimeSpan.FromSeconds(10) }, clock);
        var timedOut = new TaskCompletionSource<MediaTimeoutReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.InactivityTimedOut += reason => timedOut.TrySetResult(reason);
        session.Start(AudioTo(peer.EndPoint));
        var payload = new byte[160];
        for (ushort i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(8));
            peer.SendRtp(session.LocalEndPoint, 0, i, i * 160u, payload);
            await Poll.UntilAsync(() => session.Statistics.PacketsReceived == i + 1, $"packet {i} is received");
        }

        await InactivityCheckedAsync(session);
        Assert.Equal(0, session.Statistics.InactivityTimeouts); // a packet every 8 s keeps a 10 s timeout from firing

        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(MediaTimeoutReason.MediaStopped, await Within(timedOut.Task));
    }

    [Fact]
    public async Task Hold_suspends_the_timeout_until_the_call_is_taken_off_hold()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler, new RtpSessionOptions { InactivityTimeout = TimeSpan.FromSeconds(30) }, clock);
        var timedOut = new TaskCompletionSource<MediaTimeoutReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.InactivityTimedOut += reason => timedOut.TrySetResult(reason);
        session.Start(AudioTo(peer.EndPoint, MediaDirection.SendOnly));

        clock.Advance(TimeSpan.FromMinutes(5));
        await InactivityCheckedAsync(session);
        Assert.Equal(0, session.Statistics.InactivityTimeouts);

        session.Start(AudioTo(peer.EndPoint));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(MediaTimeoutReason.NoMediaReceived, await Within(timedOut.Task));
        Assert.Equal(1, session.Statistics.InactivityTimeouts);
    }

    [Fact]
    public async Task Session_sends_a_report_with_its_cname_to_the_odd_port_and_a_bye_when_disposed()
    {
        using var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var (first, _) = TestPorts.Range(2);
        rtp.Bind(new IPEndPoint(IPAddress.Loopback, first));
        rtcp.Bind(new IPEndPoint(IPAddress.Loopback, first + 1));
        var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler, new RtpSessionOptions { RtcpInterval = TimeSpan.FromMilliseconds(200) });
        session.Start(AudioTo((IPEndPoint)rtp.LocalEndPoint!));

        var buffer = new byte[1500];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var length = await rtcp.ReceiveAsync(buffer, timeout.Token);
        Assert.True(RtcpReader.TryRead(buffer.AsSpan(0, length), out var report));
        Assert.Equal(session.Ssrc, report.SenderSsrc);
        Assert.False(report.HasBye);

        await session.DisposeAsync();
        RtcpSummary last;
        do
        {
            length = await rtcp.ReceiveAsync(buffer, timeout.Token);
            Assert.True(RtcpReader.TryRead(buffer.AsSpan(0, length), out last));
        }
        while (!last.HasBye);

        Assert.Equal(session.Ssrc, last.ByeSsrc);
    }

    [Fact]
    public async Task Peer_rtcp_bye_is_surfaced_and_rtcp_counts_as_activity()
    {
        using var peer = new RtpPeer();
        using var peerRtcp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        var bye = new TaskCompletionSource<uint>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.RemoteByeReceived += ssrc => bye.TrySetResult(ssrc);
        session.Start(AudioTo(peer.EndPoint));
        var rtcpPort = new IPEndPoint(IPAddress.Loopback, session.LocalPort + 1);

        var garbage = new byte[] { 0x80, 200, 0xFF, 0xFF, 1, 2, 3, 4 };
        await peerRtcp.SendAsync(garbage, rtcpPort);
        var buffer = new byte[64];
        var length = RtcpWriter.WriteReceiverReport(buffer, 0x77, null);
        length += RtcpWriter.WriteGoodbye(buffer.AsSpan(length), 0x77);
        await peerRtcp.SendAsync(buffer.AsMemory(0, length), rtcpPort);

        Assert.Equal(0x77u, await Within(bye.Task));
        Assert.Equal(1, session.RtcpPacketsReceived);
        Assert.True(session.Statistics.PacketsRejected >= 1);
    }
}
