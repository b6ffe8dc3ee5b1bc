using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Media.Pacing;
using Telephony.Media.Rtp;
using Telephony.Media.Sessions;
using Telephony.Media.Tests.Support;

namespace Telephony.Media.Tests.Sessions;

/// <summary>
/// The symmetric-RTP latch lets go of a source that went quiet (a stray packet after a re-INVITE, a NAT rebinding),
/// never of a live one. The session's clock is fake, so "quiet for two seconds" takes no wall-clock time.
/// </summary>
public sealed class LatchReleaseTests : IDisposable
{
    private readonly MediaScheduler _scheduler = new();
    private readonly RtpPortAllocator _ports;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public LatchReleaseTests()
    {
        var (first, last) = TestPorts.Range(4);
        _ports = new RtpPortAllocator(first, last);
    }

    public void Dispose() => _scheduler.Dispose();

    private static NegotiatedAudio AudioTo(IPEndPoint remote) => new(remote, AudioCodec.Pcmu, 0, 101, 20, MediaDirection.SendRecv);

    /// <summary>Sends one audio packet and waits until the session has accepted or refused it.</summary>
    private static async Task DeliverAsync(RtpSession session, RtpPeer from, ushort sequence)
    {
        var handled = session.Statistics.PacketsReceived + session.Statistics.PacketsRejected;
        from.SendRtp(session.LocalEndPoint, 0, sequence, sequence * 160u, new byte[160]);
        await Poll.UntilAsync(() => session.Statistics.PacketsReceived + session.Statistics.PacketsRejected > handled, "the packet is handled");
    }

    [Fact]
    public async Task After_a_reinvite_a_stray_latched_source_gives_way_to_the_real_peer_once_quiet_for_two_seconds()
    {
        using var announced = new RtpPeer();
        using var stray = new RtpPeer();
        using var phone = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler, RtpSessionOptions.Default, _clock);
        session.Start(AudioTo(announced.EndPoint));

        await DeliverAsync(session, stray, 1); // e.g. the media server the call left, one last packet
        _clock.Advance(TimeSpan.FromSeconds(1));
        await DeliverAsync(session, phone, 1);
        Assert.Equal(stray.EndPoint, session.RemoteEndPoint);
        Assert.Equal(1, session.Statistics.PacketsFromOtherSources);

        _clock.Advance(TimeSpan.FromSeconds(1.1)); // the stray source has now been silent for 2.1 s
        await DeliverAsync(session, phone, 2);

        Assert.Equal(phone.EndPoint, session.RemoteEndPoint);
        Assert.Equal(1, session.Statistics.LatchMoves);
        Assert.True((await phone.CollectCountAsync(5, TimeSpan.FromSeconds(5))).Count >= 5, "our audio goes to the phone now");
    }

    [Fact]
    public async Task Packets_injected_while_the_latched_peer_is_live_are_refused_for_as_long_as_the_call_lasts()
    {
        using var phone = new RtpPeer();
        using var intruder = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler, RtpSessionOptions.Default, _clock);
        var digits = new List<char>();
        var fourHeard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.DigitReceived += d =>
        {
            lock (digits)
            {
                digits.Add(d);
            }

            if (d == '4')
            {
                fourHeard.TrySetResult();
            }
        };
        session.Start(AudioTo(phone.EndPoint));

        // Ten rounds of the phone sending, then the intruder 1.5 s later: the phone is never two seconds quiet...
        for (ushort second = 0; second < 10; second++)
        {
            await DeliverAsync(session, phone, second);
            _clock.Advance(TimeSpan.FromSeconds(1.5));
            await DeliverAsync(session, intruder, second);
        }

        // ...then a digit from each: the phone's comes after the intruder's, so hearing it proves the other was handled.
        intruder.SendDigit(session.LocalEndPoint, 101, '9', 100, 16000);
        phone.SendDigit(session.LocalEndPoint, 101, '4', 100, 16000);
        await fourHeard.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(['4'], digits);
        Assert.Equal(16, session.Statistics.PacketsFromOtherSources);
        Assert.Equal(0, session.Statistics.LatchMoves);
        Assert.Equal(phone.EndPoint, session.RemoteEndPoint);
    }

    [Fact]
    public async Task A_phone_whose_nat_mapping_changed_gets_its_audio_back_and_an_infinite_release_keeps_the_old_behaviour()
    {
        using var oldMapping = new RtpPeer();
        using var newMapping = new RtpPeer();
        await using var following = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler, RtpSessionOptions.Default, _clock);
        await using var pinned = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler, new RtpSessionOptions { LatchReleaseAfter = Timeout.InfiniteTimeSpan }, _clock);
        following.Start(AudioTo(oldMapping.EndPoint));
        pinned.Start(AudioTo(oldMapping.EndPoint));
        await DeliverAsync(following, oldMapping, 1);
        await DeliverAsync(pinned, oldMapping, 1);

        _clock.Advance(TimeSpan.FromSeconds(3));
        await DeliverAsync(following, newMapping, 2);
        await DeliverAsync(pinned, newMapping, 2);

        Assert.Equal(newMapping.EndPoint, following.RemoteEndPoint);
        Assert.Equal(oldMapping.EndPoint, pinned.RemoteEndPoint);
        Assert.Equal(1, pinned.Statistics.PacketsFromOtherSources);
    }

    [Fact]
    public void A_negative_release_time_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpSessionOptions { LatchReleaseAfter = TimeSpan.FromSeconds(-1) });
    }
}
