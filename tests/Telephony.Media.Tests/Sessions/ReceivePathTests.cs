using System.Net;
using System.Net.Sockets;
using Telephony.Media.Pacing;
using Telephony.Media.Rtp;
using Telephony.Media.Sessions;
using Telephony.Media.Tests.Support;

namespace Telephony.Media.Tests.Sessions;

/// <summary>The shared epoll receive threads and the per-socket async loops must behave the same.</summary>
public class ReceivePathTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Digits_arrive_latching_holds_and_a_stranger_is_refused_on_every_receive_path(int receiveThreads)
    {
        using var scheduler = new MediaScheduler(20, receiveThreads);
        var (first, last) = TestPorts.Range(4);
        var ports = new RtpPortAllocator(first, last);
        using var peer = new RtpPeer();
        using var stranger = new RtpPeer();
        await using var session = RtpSession.Open(ports, IPAddress.Loopback, scheduler);
        var digits = new TaskCompletionSource<char>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.DigitReceived += d => digits.TrySetResult(d);
        session.Start(new NegotiatedAudio(peer.EndPoint, AudioCodec.Pcmu, 0, 101, 20, MediaDirection.SendRecv));

        peer.SendRtp(session.LocalEndPoint, 0, 1, 0, new byte[160]);
        await Task.Delay(100);
        stranger.SendDigit(session.LocalEndPoint, 101, '9', 10, 1600);
        await Task.Delay(100);
        peer.SendDigit(session.LocalEndPoint, 101, '4', 2, 160);

        Assert.Equal('4', await digits.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(peer.EndPoint, session.RemoteEndPoint);
        Assert.True(session.Statistics.PacketsRejected >= 6, "the stranger's 6 packets are refused after latching");
    }

    [Fact]
    public async Task Disposing_sessions_on_the_shared_threads_frees_their_ports_for_new_ones()
    {
        using var scheduler = new MediaScheduler(20, 2);
        var (first, last) = TestPorts.Range(2);
        var ports = new RtpPortAllocator(first, last);
        using var peer = new RtpPeer();
        for (var round = 0; round < 5; round++)
        {
            var a = RtpSession.Open(ports, IPAddress.Loopback, scheduler);
            var b = RtpSession.Open(ports, IPAddress.Loopback, scheduler);
            a.Start(new NegotiatedAudio(peer.EndPoint, AudioCodec.Pcmu, 0, null, 20, MediaDirection.SendRecv));
            b.Start(new NegotiatedAudio(peer.EndPoint, AudioCodec.Pcmu, 0, null, 20, MediaDirection.SendRecv));
            await a.DisposeAsync();
            await b.DisposeAsync();
        }

        Assert.Equal(0, ports.LeasedCount);
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, first + 1));
    }

    [Fact]
    public async Task Receiving_allocates_nothing_per_packet_whether_accepted_or_refused_as_another_source()
    {
        using var scheduler = new MediaScheduler(20, 0);
        var (first, last) = TestPorts.Range(2);
        var ports = new RtpPortAllocator(first, last);
        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(ports, IPAddress.Loopback, scheduler);
        session.Start(new NegotiatedAudio(peer.EndPoint, AudioCodec.Pcmu, 0, 101, 20, MediaDirection.SendRecv));

        // Fed straight to the handler from this thread, to measure this thread's allocations only.
        var handler = (IDatagramHandler)session;
        var phone = new IPEndPoint(IPAddress.Loopback, 40000).Serialize();
        var stranger = new IPEndPoint(IPAddress.Loopback, 40002).Serialize();
        var datagram = new byte[RtpPacket.FixedHeaderLength + 160];
        void Feed(int sequence, SocketAddress from)
        {
            RtpPacket.WriteHeader(datagram, new RtpHeaderFields(false, 0, (ushort)sequence, (uint)(sequence * 160), 0x5EED));
            handler.OnDatagram(datagram, from);
        }

        // Warm-up: the first packet latches and creates the jitter buffer and the tone detector.
        for (var i = 0; i < 100; i++)
        {
            Feed(i, phone);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 100; i < 600; i++)
        {
            Feed(i, phone);
            Feed(i, stranger);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(600, session.Statistics.PacketsReceived);
        Assert.Equal(500, session.Statistics.PacketsFromOtherSources);
        Assert.True(allocated < 1024, $"{allocated} bytes allocated for 1,000 packets");
    }
}
