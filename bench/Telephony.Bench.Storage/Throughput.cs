using System.Diagnostics;

namespace Telephony.Bench.Storage;

/// <summary>What one step measured: operations completed, over how long, and the latency of each.</summary>
internal sealed record StepResult(int Workers, long Operations, TimeSpan Elapsed, TimeSpan P50, TimeSpan P99)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;
}

/// <summary>Runs an operation in a loop on N concurrent workers for a fixed time; stops by itself.</summary>
internal static class Throughput
{
    public static async Task<StepResult> RunAsync(int workers, TimeSpan duration, Func<int, long, Task> operation)
    {
        var latencies = new List<long>[workers];
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = [];
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(worker, i);
                mine.Add(Stopwatch.GetTimestamp() - started);
            }
        }));
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new StepResult(workers, all.Length, elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    public static TimeSpan Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))]);
}
