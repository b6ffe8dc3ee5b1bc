using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Telephony.Media.Codecs;
using Telephony.Media.Pacing;
using Telephony.Media.Playback;
using Telephony.Media.Rtp;
using Telephony.Media.Sessions;
using Telephony.Media.Tests.Support;

namespace Telephony.Media.Tests.Sessions;

public sealed class RtpSessionTests : IDisposable
{
    private readonly MediaScheduler _scheduler = new();
    private readonly RtpPortAllocator _ports;

    public RtpSessionTests()
    {
        var (first, last) = TestPorts.Range(8);
        _ports = new RtpPortAllocator(first, last);
    }

    public void Dispose() => _scheduler.Dispose();

    /// <summary>
    /// Sequence numbers follow each other and timestamps advance 160 a packet. The only gap allowed is the one the
    /// scheduler reports: a starved machine makes it skip ticks, and the timestamp follows the wall clock over them.
    /// </summary>
    private void AssertContinuous(List<RtpPeer.Received> packets, long skippedTicksBefore)
    {
        long extraTicks = 0;
        for (var i = 1; i < packets.Count; i++)
        {
            Assert.Equal((ushort)(packets[i - 1].Sequence + 1), packets[i].Sequence);
            var step = packets[i].Timestamp - packets[i - 1].Timestamp;
            Assert.True(step >= 160 && step % 160 == 0, $"timestamp step {step} at packet {i}");
            extraTicks += (step / 160) - 1;
        }

        Assert.True(extraTicks <= _scheduler.SkippedTicks - skippedTicksBefore, $"{extraTicks} ticks missing from the timestamps, none skipped by the scheduler");
    }

    private static NegotiatedAudio AudioTo(IPEndPoint remote, AudioCodec codec = AudioCodec.Pcmu, MediaDirection direction = MediaDirection.SendRecv) =>
        new(remote, codec, G711.StaticPayloadType(codec), 101, 20, direction);

    [Fact]
    public async Task One_second_tone_arrives_as_50_paced_packets_that_decode_back_to_the_tone()
    {
        using var peer = new RtpPeer();
        var skippedTicksBefore = _scheduler.SkippedTicks;
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        session.Start(AudioTo(peer.EndPoint));
        var tone = TestAudio.Tone(1000, 8000, 1.0);
        // Collect from before the prompt until 400 ms after it ended (not for a fixed time: a loaded machine may
        // start the prompt late, and the test is about what arrives, not when it starts).
        var playedToEnd = false;
        var packets = await peer.CollectAroundAsync(
            async () =>
            {
                await Task.Delay(200);
                playedToEnd = await session.PlayAsync(AudioPrompt.FromSamples("tone", tone), CancellationToken.None);
            },
            after: TimeSpan.FromMilliseconds(400));

        Assert.True(playedToEnd);
        Assert.True(packets.Count >= 65, $"only {packets.Count} packets: silence must flow around the prompt");
        AssertContinuous(packets, skippedTicksBefore);
        Assert.All(packets, p => Assert.Equal(packets[0].Ssrc, p.Ssrc));
        Assert.All(packets, p => Assert.Equal(160, p.Payload.Length));

        var start = packets.FindIndex(p => p.Marker && p != packets[0]);
        Assert.True(start > 0, "the prompt's first packet must carry the marker bit");
        var prompt = packets.Skip(start).Take(50).ToList();
        Assert.Equal(50, prompt.Count);
        var decoded = prompt.SelectMany(p => p.Payload.Select(MuLaw.Decode)).ToArray();
        var expected = tone.Select(s => MuLaw.Decode(MuLaw.Encode(s))).ToArray();
        Assert.Equal(expected, decoded);
        Assert.InRange(TestAudio.AmplitudeAt(decoded, 1000), 7600, 8400);
        Assert.All(packets.Skip(start + 50), p => Assert.All(p.Payload, b => Assert.Equal(MuLaw.Silence, b)));

        // Paced, not sent in a burst: the 50 packets take at least about a second of wall-clock time (a burst takes
        // a few ms). The upper bound only catches a stall: on a loaded 2-core machine a late tick is normal, and
        // pacing precision is the benchmark's job (bench/README.md).
        var spanMs = Stopwatch.GetElapsedTime(prompt[0].ArrivalTimestamp, prompt[^1].ArrivalTimestamp).TotalMilliseconds;
        Assert.InRange(spanMs, 49 * 20 * 0.75, 49 * 20 * 3);
        Assert.True(session.Statistics.PacketsSent >= packets.Count);
    }

    [Fact]
    public async Task Telephone_event_sent_to_the_session_raises_DigitReceived_once_per_key()
    {
        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        var digits = new List<char>();
        var lastDigit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.DigitReceived += d =>
        {
            lock (digits)
            {
                digits.Add(d);
            }

            if (d == '1')
            {
                lastDigit.TrySetResult();
            }
        };
        session.Start(AudioTo(peer.EndPoint));

        peer.SendDigit(session.LocalEndPoint, 101, '5', 100, 8000);
        peer.SendDigit(session.LocalEndPoint, 101, '#', 106, 16000);

        // A third key, sent last: a wrongly repeated '5' or '#' would be reported before it.
        peer.SendDigit(session.LocalEndPoint, 101, '1', 112, 24000);
        await lastDigit.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(['5', '#', '1'], digits);
        Assert.Equal(3, session.Statistics.DigitsReceived);
        Assert.InRange(session.Statistics.PacketsReceived, 16, 18); // the last key's repeated end packets may be in flight
        Assert.NotNull(session.Statistics.LastPacketReceivedAt);
    }

    [Fact]
    public async Task Received_audio_is_decoded_for_the_consumer()
    {
        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        var heard = new List<short>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.AudioReceived = samples =>
        {
            heard.AddRange(samples.ToArray());
            if (heard.Count >= 800)
            {
                done.TrySetResult();
            }
        };
        session.Start(AudioTo(peer.EndPoint, AudioCodec.Pcma));
        var tone = TestAudio.Tone(440, 8000, 0.1);

        for (var i = 0; i < 5; i++)
        {
            var payload = tone.Skip(i * 160).Take(160).Select(ALaw.Encode).ToArray();
            peer.SendRtp(session.LocalEndPoint, 8, (ushort)i, (uint)(i * 160), payload);
        }

        await done.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.InRange(TestAudio.AmplitudeAt(heard.ToArray(), 440), 7500, 8500);
    }

    [Fact]
    public async Task Session_latches_to_the_address_RTP_really_comes_from_and_ignores_other_sources_afterwards()
    {
        using var announced = new RtpPeer();
        using var actual = new RtpPeer();
        using var intruder = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        var digits = new List<char>();
        session.DigitReceived += digits.Add;
        session.Start(AudioTo(announced.EndPoint));
        Assert.NotEmpty(await announced.CollectAsync(TimeSpan.FromMilliseconds(200)));

        actual.SendRtp(session.LocalEndPoint, 0, 1, 160, new byte[160]);
        await Task.Delay(100);
        intruder.SendDigit(session.LocalEndPoint, 101, '9', 1, 320);
        // Ten packets (200 ms of audio) prove the session now sends to the latched source; waiting for a count
        // rather than a fixed window keeps a starved machine from failing the test.
        var atActual = await actual.CollectCountAsync(10, TimeSpan.FromSeconds(5));

        Assert.True(atActual.Count >= 10, $"{atActual.Count} packets reached the latched source");
        Assert.Equal(actual.EndPoint, session.RemoteEndPoint);
        Assert.Empty(digits);
        Assert.True(session.Statistics.PacketsRejected >= 6);
    }

    [Fact]
    public async Task Prompts_in_a_row_keep_sequence_and_timestamp_continuous_and_mark_each_start()
    {
        using var peer = new RtpPeer();
        var skippedTicksBefore = _scheduler.SkippedTicks;
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        session.Start(AudioTo(peer.EndPoint, AudioCodec.Pcma));
        var packets = await peer.CollectAroundAsync(
            async () =>
            {
                Assert.True(await session.PlayAsync(AudioPrompt.FromSamples("a", TestAudio.Tone(500, 8000, 0.2)), CancellationToken.None));
                Assert.True(await session.PlayAsync(AudioPrompt.FromSamples("b", TestAudio.Tone(700, 8000, 0.2)), CancellationToken.None));
            },
            after: TimeSpan.FromMilliseconds(300));

        AssertContinuous(packets, skippedTicksBefore);

        Assert.InRange(packets.Count(p => p.Marker), 2, 3); // stream start (if not the first prompt) and each prompt
    }

    [Fact]
    public async Task Cancelling_or_stopping_a_prompt_returns_false_and_music_on_hold_runs_until_cancelled()
    {
        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        session.Start(AudioTo(peer.EndPoint));
        var longPrompt = AudioPrompt.FromSamples("long", TestAudio.Tone(400, 8000, 10));

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var watch = Stopwatch.StartNew();
        Assert.False(await session.PlayAsync(longPrompt, cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));

        var bargedIn = session.PlayAsync(longPrompt, CancellationToken.None);
        await Task.Delay(100);
        Assert.True(session.StopPlayback());
        Assert.False(await bargedIn);

        using var hold = new CancellationTokenSource();
        var music = session.PlayLoopAsync(AudioPrompt.FromSamples("moh", TestAudio.Tone(300, 8000, 0.05)), hold.Token);
        await Task.Delay(200);
        Assert.False(music.IsCompleted, "music on hold must loop past the end of its 50 ms prompt");
        await hold.CancelAsync();
        await music.WaitAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Recvonly_session_sends_nothing_but_still_hears_digits()
    {
        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        var digit = new TaskCompletionSource<char>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.DigitReceived += d => digit.TrySetResult(d);
        session.Start(AudioTo(peer.EndPoint, direction: MediaDirection.RecvOnly));

        peer.SendDigit(session.LocalEndPoint, 101, '3', 1, 160);

        Assert.Equal('3', await digit.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(await peer.CollectAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(0, session.Statistics.PacketsSent);
    }

    [Fact]
    public async Task Disposing_closes_the_socket_at_once_and_ends_a_playing_prompt()
    {
        using var peer = new RtpPeer();
        var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        session.Start(AudioTo(peer.EndPoint));
        var playing = session.PlayAsync(AudioPrompt.FromSamples("long", TestAudio.Tone(400, 8000, 10)), CancellationToken.None);
        var port = session.LocalPort;

        await session.DisposeAsync();

        Assert.False(await playing.WaitAsync(TimeSpan.FromSeconds(1)));
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        other.Bind(new IPEndPoint(IPAddress.Loopback, port));
        Assert.Equal(0, _ports.LeasedCount);
        Assert.Equal(0, _scheduler.StreamCount);
        Assert.Throws<ObjectDisposedException>(() => { _ = session.PlayAsync(AudioPrompt.FromSamples("x", new short[8]), CancellationToken.None); });
    }

    [Fact]
    public async Task Sending_a_packet_allocates_nothing_once_the_session_runs()
    {
        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        session.Start(AudioTo(peer.EndPoint));
        _scheduler.Unregister(session); // drive the ticks from this thread to measure them
        var stream = (IPacedStream)session;
        _ = session.PlayAsync(AudioPrompt.FromSamples("tone", TestAudio.Tone(1000, 8000, 10)), CancellationToken.None);
        // Warm-up: the first tick fixes the clock origin and the first RTCP report (within 5 s) opens the RTCP path.
        for (long tick = 1_000_000; tick <= 1_000_300; tick++)
        {
            stream.OnTick(tick);
        }

        var sentBefore = session.Statistics.PacketsSent;

        // 500 ticks = 10 s: two more RTCP reports fall inside, so they are measured too.
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (long tick = 1_000_301; tick <= 1_000_800; tick++)
        {
            stream.OnTick(tick);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(500, session.Statistics.PacketsSent - sentBefore);
        Assert.True(allocated < 1024, $"{allocated} bytes allocated for 500 packets");
    }
}
