using System.Diagnostics;
using Telephony.Media.Pacing;

namespace Telephony.Media.Tests.Pacing;

public class MediaSchedulerTests
{
    private sealed class RecordingStream : IPacedStream
    {
        public List<(long Tick, long At)> Calls { get; } = [];

        public void OnTick(long tick)
        {
            lock (Calls)
            {
                Calls.Add((tick, Stopwatch.GetTimestamp()));
            }
        }

        public void OnTickFailed(Exception exception) => throw new InvalidOperationException("a recording stream never fails", exception);
    }

    private sealed class ThrowingStream : IPacedStream
    {
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public void OnTick(long tick) => throw new InvalidOperationException("broken call");

        public void OnTickFailed(Exception exception) => Interlocked.Increment(ref _failures);
    }

    [Fact]
    public void Streams_are_spread_over_phase_groups_and_ticked_every_20_ms_on_one_thread()
    {
        using var scheduler = new MediaScheduler(phaseGroups: 4);
        var streams = Enumerable.Range(0, 8).Select(_ => new RecordingStream()).ToArray();
        var groups = streams.Select(s => scheduler.Register(s)).ToArray();
        var broken = new ThrowingStream();
        scheduler.Register(broken);

        Thread.Sleep(520);
        foreach (var stream in streams)
        {
            scheduler.Unregister(stream);
        }

        Assert.Equal([0, 1, 2, 3, 0, 1, 2, 3], groups);
        foreach (var stream in streams)
        {
            List<(long Tick, long At)> calls;
            lock (stream.Calls)
            {
                calls = [.. stream.Calls];
            }

            Assert.InRange(calls.Count, 20, 28);
            var intervals = calls.Skip(1).Zip(calls, (b, a) => Stopwatch.GetElapsedTime(a.At, b.At).TotalMilliseconds).ToArray();
            Assert.InRange(intervals.Average(), 18, 22);
        }

        // Group 1 runs a quarter tick (5 ms) after group 0 within the same tick.
        var offsets = streams[1].Calls.Join(streams[0].Calls, c => c.Tick, c => c.Tick, (g1, g0) => Stopwatch.GetElapsedTime(g0.At, g1.At).TotalMilliseconds).ToArray();
        Assert.InRange(offsets.Average(), 3.5, 6.5);
        Assert.True(scheduler.StreamFaults > 0, "the broken stream's exceptions are contained and counted");
        Assert.True(broken.Failures > 0, "and the stream is told of its own");
    }
}
