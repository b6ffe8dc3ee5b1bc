using System.Diagnostics;
using System.Net;
using Telephony.Media.Codecs;
using Telephony.Media.Pacing;
using Telephony.Media.Playback;
using Telephony.Media.Rtp;
using Telephony.Media.Sessions;
using Telephony.Media.Tests.Support;

namespace Telephony.Media.Tests.Dtmf;

/// <summary>Key presses carried as tones inside PCMU audio, sent to a real RtpSession over loopback.</summary>
public sealed class InBandDtmfSessionTests : IDisposable
{
    private readonly MediaScheduler _scheduler = new();
    private readonly RtpPortAllocator _ports;
    private readonly string _directory = Directory.CreateTempSubdirectory("inband-").FullName;

    public InBandDtmfSessionTests()
    {
        var (first, last) = TestPorts.Range(4);
        _ports = new RtpPortAllocator(first, last);
    }

    public void Dispose()
    {
        _scheduler.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task SendAsPcmu(RtpPeer peer, IPEndPoint to, short[] audio, ushort firstSequence = 1000, bool shuffleNeighbours = false)
    {
        var packets = new List<(ushort Sequence, uint Timestamp, byte[] Payload)>();
        for (var i = 0; i + 160 <= audio.Length; i += 160)
        {
            var payload = new byte[160];
            MuLaw.Encode(audio.AsSpan(i, 160), payload);
            packets.Add(((ushort)(firstSequence + (i / 160)), (uint)i, payload));
        }

        if (shuffleNeighbours)
        {
            // Reordering on the path: every pair swapped, which the jitter buffer must put back.
            for (var i = 0; i + 1 < packets.Count; i += 2)
            {
                (packets[i], packets[i + 1]) = (packets[i + 1], packets[i]);
            }
        }

        foreach (var (sequence, timestamp, payload) in packets)
        {
            peer.SendRtp(to, 0, sequence, timestamp, payload);
            await Task.Delay(1);
        }
    }

    private static async Task<string> CollectDigits(List<char> digits, int expected)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            lock (digits)
            {
                if (digits.Count >= expected)
                {
                    break;
                }
            }

            await Task.Delay(20);
        }

        await Task.Delay(200);
        lock (digits)
        {
            return new string([.. digits]);
        }
    }

    private async Task<string> RunSox(string name, params string[] arguments)
    {
        var path = Path.Combine(_directory, name);
        var start = new ProcessStartInfo("sox") { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument.Replace("{out}", path, StringComparison.Ordinal));
        }

        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"sox failed: {errors}");
        return path;
    }

    [RequiresToolFact("sox")]
    public async Task Sox_made_mu_law_file_of_three_key_presses_is_detected_through_a_session_as_the_same_digits()
    {
        // Each key: two sine generators mixed into one channel, 100 ms of tone between 50 ms pauses, as µ-law WAV.
        var keys = new[] { ("5", "770", "1336"), ("0", "941", "1336"), ("#", "941", "1477") };
        var files = new List<string>();
        foreach (var (name, low, high) in keys)
        {
            files.Add(await RunSox($"key{files.Count}.wav", "-n", "-r", "8000", "-c", "1", "-e", "mu-law", "-b", "8", "{out}", "synth", "0.1", "sine", low, "sine", "mix", high, "pad", "0.05", "0.05", "vol", "0.5"));
        }

        var all = await RunSox("keys.wav", [.. files, "{out}"]);
        var prompt = AudioPrompt.LoadWav(all);

        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        var digits = new List<char>();
        session.DigitReceived += d =>
        {
            lock (digits)
            {
                digits.Add(d);
            }
        };
        session.Start(new NegotiatedAudio(peer.EndPoint, AudioCodec.Pcmu, 0, 101, 20, MediaDirection.SendRecv));

        await SendAsPcmu(peer, session.LocalEndPoint, [.. prompt.Samples.ToArray(), .. new short[1600]], shuffleNeighbours: true);

        Assert.Equal("50#", await CollectDigits(digits, 3));
    }

    [Fact]
    public async Task A_press_sent_both_as_RFC_4733_and_as_tones_is_reported_once()
    {
        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        var digits = new List<char>();
        session.DigitReceived += d =>
        {
            lock (digits)
            {
                digits.Add(d);
            }
        };
        session.Start(new NegotiatedAudio(peer.EndPoint, AudioCodec.Pcmu, 0, 101, 20, MediaDirection.SendRecv));

        peer.SendDigit(session.LocalEndPoint, 101, '8', 2000, 48000);
        await SendAsPcmu(peer, session.LocalEndPoint, DtmfSignals.Concat(DtmfSignals.Key('8', 120), DtmfSignals.Silence(100)));

        Assert.Equal("8", await CollectDigits(digits, 2));
    }

    [Fact]
    public async Task In_band_detection_can_be_turned_off()
    {
        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler, new RtpSessionOptions { InBandDtmf = false });
        var digits = new List<char>();
        session.DigitReceived += d =>
        {
            lock (digits)
            {
                digits.Add(d);
            }
        };
        session.Start(new NegotiatedAudio(peer.EndPoint, AudioCodec.Pcmu, 0, 101, 20, MediaDirection.SendRecv));

        await SendAsPcmu(peer, session.LocalEndPoint, DtmfSignals.Concat(DtmfSignals.Key('3', 120), DtmfSignals.Silence(100)));

        Assert.Equal(string.Empty, await CollectDigits(digits, 1));
        Assert.True(session.Statistics.PacketsReceived > 0);
    }
}
