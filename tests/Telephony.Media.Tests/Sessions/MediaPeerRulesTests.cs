using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Media.Pacing;
using Telephony.Media.Rtp;
using Telephony.Media.Sessions;
using Telephony.Media.Tests.Support;

namespace Telephony.Media.Tests.Sessions;

/// <summary>
/// The media peer rules: no RTP to an SDP address nobody proved (a reflection amplifier otherwise), never to broadcast
/// or multicast, and a latch only a source the signalling announced can take (no digit injected by a third host before
/// the caller's first packet). Third hosts are other 127.0.0.x addresses, all local on Linux loopback.
/// </summary>
public sealed class MediaPeerRulesTests : IDisposable
{
    private static readonly IPAddress SignallingPeer = IPAddress.Loopback;
    private static readonly IPAddress ThirdHost = IPAddress.Parse("127.0.0.7");
    private readonly MediaScheduler _scheduler = new();
    private readonly RtpPortAllocator _ports;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public MediaPeerRulesTests()
    {
        var (first, last) = TestPorts.Range(6);
        _ports = new RtpPortAllocator(first, last);
    }

    public void Dispose() => _scheduler.Dispose();

    private static NegotiatedAudio AudioTo(IPEndPoint remote) => new(remote, AudioCodec.Pcmu, 0, 101, 20, MediaDirection.SendRecv);

    private RtpSession Open(RtpSessionOptions? options = null) => RtpSession.Open(_ports, IPAddress.Loopback, _scheduler, options ?? RtpSessionOptions.Default, _clock);

    [Fact]
    public async Task An_sdp_naming_a_third_host_gets_nothing_until_that_host_sends_rtp_then_gets_the_stream()
    {
        using var victim = new RtpPeer(ThirdHost);
        await using var session = Open();
        session.Start(AudioTo(victim.EndPoint), SignallingPeer);

        // The stream runs (the pacing thread withholds packets) while nothing reaches the named address.
        await Poll.UntilAsync(() => session.Statistics.PacketsWithheld >= 10, "ten packets are withheld");
        Assert.Empty(await victim.CollectAsync(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(0, session.Statistics.PacketsSent);
        Assert.Null(session.RemoteEndPoint);

        // The SDP's own address sending RTP proves it: the stream goes there from then on.
        victim.SendRtp(session.LocalEndPoint, 0, 1, 160, new byte[160]);
        Assert.True((await victim.CollectCountAsync(5, TimeSpan.FromSeconds(5))).Count >= 5, "the proven address gets the stream");
        Assert.Equal(victim.EndPoint, session.RemoteEndPoint);
    }

    [Fact]
    public async Task An_sdp_address_that_is_the_signalling_peers_or_in_a_trusted_range_gets_the_stream_at_once()
    {
        using var phone = new RtpPeer();
        using var gateway = new RtpPeer(ThirdHost);
        await using var direct = Open();
        await using var trusted = Open(new RtpSessionOptions { PeerPolicy = MediaPeerPolicy.Parse(["127.0.0.0/29"]) });
        direct.Start(AudioTo(phone.EndPoint), SignallingPeer);
        trusted.Start(AudioTo(gateway.EndPoint), IPAddress.Parse("127.0.0.1"));

        Assert.True((await phone.CollectCountAsync(3, TimeSpan.FromSeconds(5))).Count >= 3, "the signalling peer's address gets RTP before sending any");
        Assert.True((await gateway.CollectCountAsync(3, TimeSpan.FromSeconds(5))).Count >= 3, "a trusted media gateway gets RTP before sending any");
        Assert.Equal(0, direct.Statistics.PacketsWithheld);
    }

    [Theory]
    [InlineData("255.255.255.255")]
    [InlineData("127.255.255.255")]
    [InlineData("224.0.0.1")]
    [InlineData("239.1.2.3")]
    [InlineData("0.0.0.0")]
    [InlineData("ff02::1")]
    public void Broadcast_multicast_and_unspecified_addresses_are_never_destinations(string address)
    {
        var policy = MediaPeerPolicy.Parse(["0.0.0.0/0"]);
        Assert.True(policy.IsNeverDestination(IPAddress.Parse(address)));
        Assert.False(MediaPeerPolicy.Default.IsNeverDestination(IPAddress.Parse("192.0.2.10")));
    }

    [Fact]
    public async Task An_sdp_naming_a_broadcast_address_gets_nothing_even_when_it_is_the_signalling_address_claimed()
    {
        await using var session = Open(new RtpSessionOptions { PeerPolicy = MediaPeerPolicy.Parse(["0.0.0.0/0"]) });
        session.Start(AudioTo(new IPEndPoint(IPAddress.Broadcast, 40000)), IPAddress.Broadcast);

        await Poll.UntilAsync(() => session.Statistics.PacketsWithheld >= 5, "five packets are withheld");
        Assert.Equal(0, session.Statistics.PacketsSent);
    }

    [Fact]
    public async Task A_third_hosts_digits_before_the_callers_first_packet_neither_drive_the_call_nor_take_the_latch()
    {
        using var caller = new RtpPeer();
        using var intruder = new RtpPeer(ThirdHost);
        await using var session = Open();
        var digits = new List<char>();
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.DigitReceived += d =>
        {
            lock (digits)
            {
                digits.Add(d);
            }

            heard.TrySetResult();
        };
        session.Start(AudioTo(caller.EndPoint), SignallingPeer);

        intruder.SendDigit(session.LocalEndPoint, 101, '9', 10, 8000);
        await Poll.UntilAsync(() => session.Statistics.PacketsFromUnannouncedSources >= 3, "the intruder's event packets are refused");
        caller.SendDigit(session.LocalEndPoint, 101, '4', 100, 16000);
        await heard.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(['4'], digits);
        Assert.Equal(caller.EndPoint, session.RemoteEndPoint);
        Assert.Empty(await intruder.CollectAsync(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task A_quiet_latch_only_moves_to_a_source_the_signalling_announced()
    {
        using var caller = new RtpPeer();
        using var intruder = new RtpPeer(ThirdHost);
        using var callerNewPort = new RtpPeer();
        await using var session = Open();
        session.Start(AudioTo(caller.EndPoint), SignallingPeer);
        caller.SendRtp(session.LocalEndPoint, 0, 1, 160, new byte[160]);
        await Poll.UntilAsync(() => session.Statistics.PacketsReceived == 1, "the caller is latched");

        _clock.Advance(TimeSpan.FromSeconds(5)); // the caller is quiet long past the latch release
        intruder.SendRtp(session.LocalEndPoint, 0, 2, 320, new byte[160]);
        await Poll.UntilAsync(() => session.Statistics.PacketsFromUnannouncedSources == 1, "the intruder is refused");
        Assert.Equal(caller.EndPoint, session.RemoteEndPoint);

        callerNewPort.SendRtp(session.LocalEndPoint, 0, 3, 480, new byte[160]); // same host, new NAT port: announced
        await Poll.UntilAsync(() => session.Statistics.LatchMoves == 1, "the caller's new port takes the latch");
        Assert.Equal(callerNewPort.EndPoint, session.RemoteEndPoint);
    }

    [Fact]
    public void Trusted_ranges_that_are_not_ranges_or_are_broadcast_are_refused_with_the_entry_named()
    {
        var notARange = Assert.Throws<FormatException>(() => MediaPeerPolicy.Parse(["10.0.0.0/8", "ten-dot"]));
        Assert.Contains("ten-dot", notARange.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => MediaPeerPolicy.Parse(["224.0.0.0/4"]));
        Assert.True(MediaPeerPolicy.Parse(["192.0.2.7"]).IsTrusted(IPAddress.Parse("192.0.2.7")));
        Assert.False(MediaPeerPolicy.Parse(["192.0.2.7"]).IsTrusted(IPAddress.Parse("192.0.2.8")));
    }
}
