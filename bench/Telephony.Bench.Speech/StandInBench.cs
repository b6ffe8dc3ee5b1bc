using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Telephony.Speech.Intent;
using Telephony.Speech.Metrics;
using Telephony.Speech.Pipeline;
using Telephony.Speech.Recognition;

namespace Telephony.Bench.Speech;

/// <summary>
/// The pipeline's own cost with the scripted recognizer: N calls fed 20 ms frames at real-time pace by one
/// media-like thread, processed by a worker pool; CPU per call-second, push cost, latency, drops.
/// </summary>
internal static class StandInBench
{
    public static void Run(int calls, int seconds, int workers)
    {
        var menu = new SpeechMenu([new SpeechChoice("1", ["retraite"]), new SpeechChoice("2", ["paiement"]), new SpeechChoice("3", ["autre"])]);
        var recognizers = new ScriptedRecognizerFactory();
        for (var i = 0; i < calls * (seconds / 2 + 2); i++)
        {
            recognizers.Enqueue(i % 2 == 0 ? "euh la retraite" : "le paiement");
        }

        var audio = BenchAudio.UtteranceLoop();
        using var pool = new SpeechWorkerPool(workers);
        var latencies = new ConcurrentBag<double>();
        var events = 0;
        var pipelines = Enumerable.Range(0, calls).Select(i =>
        {
            var pipeline = new SpeechPipeline(recognizers, new SpeechLine("BENCH", "0"), pool);
            pipeline.Events += e =>
            {
                Interlocked.Increment(ref events);
                if (e is SpeechRecognized r)
                {
                    latencies.Add(r.Latency.TotalMilliseconds);
                    pipeline.Listen(menu);
                }
            };
            pipeline.Listen(menu);
            return pipeline;
        }).ToArray();

        // Warm up the JIT and the noise floors for 1 s, then measure.
        Feed(pipelines, audio, 1, out _);
        latencies.Clear();
        Interlocked.Exchange(ref events, 0);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        Feed(pipelines, audio, seconds, out var pushTicks);
        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var dropped = pipelines.Sum(p => p.DroppedFrames);
        foreach (var pipeline in pipelines)
        {
            pipeline.Dispose();
        }

        var callSeconds = (double)calls * seconds;
        var sorted = latencies.OrderBy(l => l).ToArray();
        var pushes = (double)calls * seconds * 50;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            stand-in: {calls} calls x {seconds} s, {workers} speech workers, {Environment.ProcessorCount} cores
              process CPU        {cpu.TotalSeconds:0.00} s over {wall.Elapsed.TotalSeconds:0.0} s wall ({100 * cpu.TotalSeconds / wall.Elapsed.TotalSeconds:0.0} % of one core)
              CPU per call-second {1e6 * cpu.TotalSeconds / callSeconds:0.0} µs  ({100 * cpu.TotalSeconds / callSeconds:0.000} % of a core per call)
              push (media thread) {1e9 * pushTicks / Stopwatch.Frequency / pushes:0} ns per 20 ms frame
              utterances matched {sorted.Length}, events {events}, frames dropped {dropped}
              latency end of speech -> intent: p50 {Percentile(sorted, 0.5):0.0} ms, p99 {Percentile(sorted, 0.99):0.0} ms, max {(sorted.Length > 0 ? sorted[^1] : 0):0.0} ms
            """));
    }

    /// <summary>One thread pushes a 20 ms frame to every call every 20 ms, as the media receive loops would together.</summary>
    private static void Feed(SpeechPipeline[] pipelines, short[] audio, int seconds, out long pushTicks)
    {
        pushTicks = 0;
        var frames = seconds * 50;
        var clock = Stopwatch.StartNew();
        var frameTicks = Stopwatch.Frequency / 50;
        for (var f = 0; f < frames; f++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var c = 0; c < pipelines.Length; c++)
            {
                // Calls start at different points of the loop so utterances do not all end together.
                var offset = (f + c * 7) % (audio.Length / 160) * 160;
                pipelines[c].Push(audio.AsSpan(offset, 160));
            }

            pushTicks += Stopwatch.GetTimestamp() - started;
            var next = (f + 1) * frameTicks;
            while (clock.ElapsedTicks < next)
            {
                Thread.Sleep(1);
            }
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
