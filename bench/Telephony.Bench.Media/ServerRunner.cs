using System.Diagnostics;
using System.Globalization;
using System.Net;
using Telephony.Media;
using Telephony.Media.Pacing;
using Telephony.Media.Playback;
using Telephony.Media.Rtp;
using Telephony.Media.Sessions;

namespace Telephony.Bench.Media;

/// <summary>
/// The media server side: for each load level opens the sessions (IVR: one per call, playing a prompt in a loop;
/// bridge: two per call, relayed), asks the load generator process to send and receive, and measures what the issue
/// asks for — the deviation of every paced packet's send interval (the scheduler's histogram), dropped calls, CPU and
/// resident memory per call.
/// </summary>
internal sealed class ServerRunner(Process load, int[] loadPorts, double warmup, double seconds)
{
    private readonly MediaScheduler _scheduler = new();
    private readonly RtpPortAllocator _ports = new(20000, 29999);
    private readonly AudioPrompt _prompt = MakePrompt();
    private readonly RtpSessionOptions _options = new() { InactivityTimeout = TimeSpan.FromSeconds(5) };
    private readonly long _baselineRss = ProcessStats.ResidentBytes();
    private readonly TrafficTotals _traffic = new();
    private Timer? _collection;

    public async Task<StepResult> RunAsync(string mode, int calls)
    {
        // The server's metrics path: the sessions' counters published every 5 s (RtpTrafficMetrics.CollectInterval)
        // and at each session's end, here into plain totals instead of prometheus-net counters.
        if (_collection is null)
        {
            _scheduler.Traffic.Sink = _traffic;
            _collection = new Timer(_ => _scheduler.Traffic.Collect(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        }

        var bridged = mode == "bridge";
        var sessions = new List<RtpSession>();
        var bridges = new List<MediaBridge>();
        var timedOut = 0;
        var stopPlayback = new CancellationTokenSource();
        try
        {
            var legCount = bridged ? calls * 2 : calls;
            for (var i = 0; i < legCount; i++)
            {
                var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler, _options);
                sessions.Add(session);
                session.InactivityTimedOut += _ => Interlocked.Increment(ref timedOut);
                var codec = bridged && i % 2 == 1 ? AudioCodec.Pcma : AudioCodec.Pcmu;
                var payloadType = codec == AudioCodec.Pcmu ? 0 : 8;
                session.Start(new NegotiatedAudio(new IPEndPoint(IPAddress.Loopback, loadPorts[i % loadPorts.Length]), codec, payloadType, 101, 20, MediaDirection.SendRecv));
                if (bridged && i % 2 == 1)
                {
                    bridges.Add(new MediaBridge(sessions[i - 1], session));
                }
                else if (!bridged)
                {
                    _ = session.PlayLoopAsync(_prompt, stopPlayback.Token);
                }
            }

            var legs = string.Join(',', sessions.Select(s => $"{s.LocalPort}:{s.Audio!.PayloadType}"));
            await load.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"START {warmup} {seconds} {legs}"));
            await load.StandardInput.FlushAsync();
            var done = load.StandardOutput.ReadLineAsync();

            await Task.Delay(TimeSpan.FromSeconds(warmup));
            var histogram = bridged ? _scheduler.RelayIntervalDeviation : _scheduler.SendIntervalDeviation;
            histogram.Reset();
            var receivedBefore = sessions.Select(s => s.Statistics.PacketsReceived).ToArray();
            var sentBefore = sessions.Sum(s => s.Statistics.PacketsSent);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = ProcessStats.CpuTime();
            var machineBefore = ProcessStats.MachineCpu();
            var gcBefore = (Gen0: GC.CollectionCount(0), Gen2: GC.CollectionCount(2), Pause: GC.GetTotalPauseDuration());
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            var elapsed = clock.Elapsed.TotalSeconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var cpu = (ProcessStats.CpuTime() - cpuBefore).TotalSeconds / elapsed * 100;
            var rss = ProcessStats.ResidentBytes();
            var receivedDuring = sessions.Select((s, i) => s.Statistics.PacketsReceived - receivedBefore[i]).ToArray();
            var packets = receivedDuring.Sum() + sessions.Sum(s => s.Statistics.PacketsSent) - sentBefore;
            var machineAfter = ProcessStats.MachineCpu();
            var machineTotal = Math.Max(1, machineAfter.Total - machineBefore.Total);
            var machine = string.Create(CultureInfo.InvariantCulture, $"machine: busy={100.0 * (machineAfter.Busy - machineBefore.Busy) / machineTotal:0}% steal={100.0 * (machineAfter.Steal - machineBefore.Steal) / machineTotal:0.0}% load1={ProcessStats.LoadAverage():0.0}; ");
            var gc = machine + string.Create(CultureInfo.InvariantCulture, $"server gc: gen0={GC.CollectionCount(0) - gcBefore.Gen0} gen2={GC.CollectionCount(2) - gcBefore.Gen2} pause={(GC.GetTotalPauseDuration() - gcBefore.Pause).TotalMilliseconds:0}ms sendErrors={sessions.Sum(s => s.Statistics.SendErrors)} skippedTicks={_scheduler.SkippedTicks} realtime={_scheduler.RealTimePriority} allocated={allocated}B packets={packets} bytesPerPacket={(double)allocated / Math.Max(1, packets):0.0000} {_traffic}; ");
            var loadReport = gc + (await done ?? "load generator closed");

            // A call is dropped when a leg timed out or its media was cut (under 90% of the packets it should have had).
            var expectedPerLeg = elapsed * 50;
            var starvedLegs = receivedDuring.Select((count, index) => (count, index)).Where(x => x.count < expectedPerLeg * 0.9).Select(x => bridged ? x.index / 2 : x.index);
            var silentAtLoad = ReadField(loadReport, "silentLegs");
            var dropped = Math.Max(starvedLegs.Distinct().Count(), (int)silentAtLoad) + Volatile.Read(ref timedOut);
            var loss = 100 * (1 - (receivedDuring.Sum() / (expectedPerLeg * sessions.Count)));
            return new StepResult(
                mode,
                calls,
                sessions.Count,
                histogram.Percentile(0.5).TotalMilliseconds,
                histogram.Percentile(0.99).TotalMilliseconds,
                histogram.Max.TotalMilliseconds,
                Math.Min(dropped, calls),
                cpu,
                cpu / calls,
                rss / 1048576.0,
                (rss - _baselineRss) / 1024.0 / calls,
                Math.Max(0, loss),
                loadReport);
        }
        finally
        {
            await stopPlayback.CancelAsync();
            foreach (var bridge in bridges)
            {
                bridge.Dispose();
            }

            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }

            stopPlayback.Dispose();
            GC.Collect();
            await Task.Delay(1000);
        }
    }

    public void Stop()
    {
        _collection?.Dispose();
        _scheduler.Dispose();
    }

    private static double ReadField(string report, string name)
    {
        foreach (var part in report.Split(' '))
        {
            if (part.StartsWith(name + "=", StringComparison.Ordinal) &&
                double.TryParse(part[(name.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return 0;
    }

    /// <summary>A 3-second prompt with changing content (a gliding tone), so every packet is encoded for real.</summary>
    private static AudioPrompt MakePrompt()
    {
        var samples = new short[8000 * 3];
        var phase = 0.0;
        for (var i = 0; i < samples.Length; i++)
        {
            phase += 2 * Math.PI * (300 + (200 * Math.Sin(2 * Math.PI * i / 8000.0))) / 8000;
            samples[i] = (short)(6000 * Math.Sin(phase));
        }

        return AudioPrompt.FromSamples("bench-prompt", samples);
    }
}
