using System.Diagnostics;
using System.Globalization;

namespace Telephony.Bench.Dispatch;

/// <summary>
/// Orleans' own cost per message on this silo, measured beside the dispatch figures with the same host: a grain that
/// does nothing, called from the silo's client, from another grain, and one-way. A dispatch costs some number of such
/// messages, so this is the ceiling any dispatch design on this machine is measured against.
/// </summary>
internal static class PingLoad
{
    private const int Pairs = 64;
    private const int Batch = 100;

    public static async Task RunAsync(BenchOptions options)
    {
        await using var silo = await DispatchSilo.StartAsync(options);
        var grains = silo.Grains;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ping: {Pairs} callers at once, {options.Warmup.TotalSeconds:0} s warm-up and {options.Duration.TotalSeconds:0} s measured each, load average {ProcessStats.LoadAverage()}"));
        await MeasureAsync("client -> grain round trip", options, async (i, stop) =>
        {
            var target = grains.GetGrain<IPingGrain>(i);
            long calls = 0;
            while (!stop.IsCancellationRequested)
            {
                await target.Ping();
                calls++;
            }

            return calls;
        });
        await MeasureAsync("grain -> grain round trip", options, PairLoop(grains, 1_000, (caller, target) => caller.PingOther(target, Batch)));
        await MeasureAsync("grain -> grain one-way", options, PairLoop(grains, 3_000, (caller, target) => caller.NoteOther(target, Batch)));
    }

    /// <summary>Caller i (key <paramref name="firstKey"/> + i) has its own target; each batch is <see cref="Batch"/> calls.</summary>
    private static Func<int, CancellationToken, Task<long>> PairLoop(IGrainFactory grains, int firstKey, Func<IPingGrain, IPingGrain, Task> batch) =>
        async (i, stop) =>
        {
            var (caller, target) = (grains.GetGrain<IPingGrain>(firstKey + i), grains.GetGrain<IPingGrain>(firstKey + Pairs + i));
            long calls = 0;
            while (!stop.IsCancellationRequested)
            {
                await batch(caller, target);
                calls += Batch;
            }

            return calls;
        };

    private static async Task MeasureAsync(string what, BenchOptions options, Func<int, CancellationToken, Task<long>> loop)
    {
        // A first pass activates the grains and lets the JIT optimise the path; then the measured one.
        using (var warm = new CancellationTokenSource(options.Warmup))
        {
            await Task.WhenAll(Enumerable.Range(0, Pairs).Select(i => Task.Run(() => loop(i, warm.Token))));
        }

        using var stop = new CancellationTokenSource(options.Duration);
        var (cpu0, clock) = (ProcessStats.Cpu(), Stopwatch.StartNew());
        var counts = await Task.WhenAll(Enumerable.Range(0, Pairs).Select(i => Task.Run(() => loop(i, stop.Token))));
        var (cpu1, elapsed) = (ProcessStats.Cpu(), clock.Elapsed);
        var calls = counts.Sum();
        var cpu = cpu1 - cpu0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what}: {calls / elapsed.TotalSeconds:N0} calls/s, process CPU {cpu.TotalSeconds / elapsed.TotalSeconds * 100:0}% of one core, {cpu.TotalMicroseconds / calls:0.0} µs of CPU per call"));
    }
}
