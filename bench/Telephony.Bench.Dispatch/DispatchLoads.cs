using System.Diagnostics;
using System.Globalization;
using Telephony.Grains.Abstractions;

namespace Telephony.Bench.Dispatch;

/// <summary>
/// The two measurements. Throughput: agents cycle through whole calls as fast as they can while producers keep a
/// number of calls joined and not yet reserved. Backlog: the calls wait first (memory), then every agent is made Ready
/// and the backlog is served (time from Ready to reservation, calls served per second).
/// </summary>
internal static class DispatchLoads
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);

    public static async Task ThroughputAsync(BenchOptions options)
    {
        await using var silo = await DispatchSilo.StartAsync(options.Silos);
        var agents = await silo.AgentsAsync(options.Agents, options.Queues);
        var farm = new PhoneFarm(silo.Grains, options.Hold, maxSamples: 5_000_000) { DispatchOnly = options.DispatchOnly };
        var node = silo.Grains.CreateObjectReference<IWaitingCallObserver>(farm);
        using var slots = new SemaphoreSlim(options.InFlight);
        farm.Reserved = () => slots.Release();
        using var stop = new CancellationTokenSource();
        long joined = 0;
        var producers = Enumerable.Range(0, 32).Select(p => Task.Run(async () =>
        {
            try
            {
                for (var n = p; ; n += 32)
                {
                    await slots.WaitAsync(stop.Token);
                    var queueId = DispatchSilo.QueueId(n % options.Queues);
                    await silo.Grains.GetGrain<IQueueGrain>(queueId).Join(NewCall($"p{p}-{n}", node), QueuePolicy.Default(queueId));
                    Interlocked.Increment(ref joined);
                }
            }
            catch (OperationCanceledException)
            {
                // The measurement is over.
            }
        })).ToArray();
        await ReadyAll(agents, farm);

        await Task.Delay(Warmup);
        var (reservations0, joined0, cpu0, clock) = (farm.Reservations, Interlocked.Read(ref joined), ProcessStats.Cpu(), Stopwatch.StartNew());
        await Task.Delay(options.Duration);
        var (reservations1, joined1, cpu1, elapsed) = (farm.Reservations, Interlocked.Read(ref joined), ProcessStats.Cpu(), clock.Elapsed);
        await stop.CancelAsync();
        await Task.WhenAll(producers);

        var latencies = farm.ReadyToReservedSorted();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: {options.Silos} silo(s), {options.Queues} queues, {options.Agents} agents, {options.InFlight} calls in flight, hold {options.Hold.TotalMilliseconds:0} ms, {elapsed.TotalSeconds:0.0} s measured"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  calls joined {(joined1 - joined0) / elapsed.TotalSeconds:N0}/s, reserved (dispatched) {(reservations1 - reservations0) / elapsed.TotalSeconds:N0}/s, {(options.DispatchOnly ? "each ended at once" : "each a whole call cycle")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  process CPU {(cpu1 - cpu0).TotalSeconds / elapsed.TotalSeconds * 100:0}% of one core, load average {ProcessStats.LoadAverage()}"));
        PrintLatency(latencies);
        if (options.Silos > 1)
        {
            Console.WriteLine($"  activations per silo: {await silo.PlacementAsync()}");
        }
    }

    public static async Task BacklogAsync(BenchOptions options)
    {
        await using var silo = await DispatchSilo.StartAsync(options.Silos);
        var agents = await silo.AgentsAsync(options.Agents, options.Queues);
        var farm = new PhoneFarm(silo.Grains, options.Hold, maxSamples: options.Calls + options.Agents) { DispatchOnly = options.DispatchOnly };
        var node = silo.Grains.CreateObjectReference<IWaitingCallObserver>(farm);
        var (managed0, resident0) = (ProcessStats.ManagedBytes(), ProcessStats.ResidentBytes());

        await Parallel.ForEachAsync(Enumerable.Range(0, options.Calls), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (n, _) =>
        {
            var queueId = DispatchSilo.QueueId(n % options.Queues);
            await silo.Grains.GetGrain<IQueueGrain>(queueId).Join(NewCall($"b{n}", node), QueuePolicy.Default(queueId));
        });
        var (managed1, resident1) = (ProcessStats.ManagedBytes(), ProcessStats.ResidentBytes());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backlog: {options.Calls:N0} calls waiting over {options.Queues} queues, {options.Agents} agents paused"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  memory for the waiting calls: managed heap +{(managed1 - managed0) / 1048576.0:0.0} MiB ({(managed1 - managed0) / (double)options.Calls:N0} B/call), RSS +{(resident1 - resident0) / 1048576.0:0.0} MiB; process RSS {resident1 / 1048576.0:0} MiB, managed heap {managed1 / 1048576.0:0} MiB"));

        var (cpu0, clock) = (ProcessStats.Cpu(), Stopwatch.StartNew());
        await ReadyAll(agents, farm, spreadOver: options.Hold);
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (farm.Reservations < options.Calls && DateTime.UtcNow < giveUp)
        {
            await Task.Delay(10);
        }

        var (cpu1, elapsed) = (ProcessStats.Cpu(), clock.Elapsed);
        var left = 0;
        for (var q = 0; q < options.Queues; q++)
        {
            left += (await silo.Grains.GetGrain<IQueueGrain>(DispatchSilo.QueueId(q)).GetStats()).Waiting;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  served {farm.Reservations:N0} calls in {elapsed.TotalSeconds:0.00} s ({farm.Reservations / elapsed.TotalSeconds:N0}/s, hold {options.Hold.TotalMilliseconds:0} ms), {left} still waiting"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  process CPU {(cpu1 - cpu0).TotalSeconds / elapsed.TotalSeconds * 100:0}% of one core, load average {ProcessStats.LoadAverage()}"));
        PrintLatency(farm.ReadyToReservedSorted());
    }

    private static QueuedCall NewCall(string callId, IWaitingCallObserver node) =>
        new(callId, "BENCH", "3960", 5, DateTimeOffset.UtcNow) { Node = node };

    /// <summary>
    /// Makes every agent Ready, at once or spread evenly over <paramref name="spreadOver"/> (agents arriving through
    /// the morning rather than all in the same millisecond, which would time a burst rather than a dispatch).
    /// </summary>
    private static Task ReadyAll(IAgentGrain[] agents, PhoneFarm farm, TimeSpan spreadOver = default) =>
        Parallel.ForEachAsync(Enumerable.Range(0, agents.Length), new ParallelOptions { MaxDegreeOfParallelism = agents.Length }, async (i, _) =>
        {
            if (spreadOver > TimeSpan.Zero)
            {
                await Task.Delay(spreadOver * i / agents.Length);
            }

            farm.BecomingReady(agents[i].GetPrimaryKeyString());
            await agents[i].SetReady();
        });

    private static void PrintLatency(TimeSpan[] sorted) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Ready -> reserved over {sorted.Length:N0} returns to Ready: p50 {Ms(ProcessStats.Percentile(sorted, 0.50))}, p99 {Ms(ProcessStats.Percentile(sorted, 0.99))}, max {Ms(sorted.Length == 0 ? TimeSpan.Zero : sorted[^1])}"));

    private static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.00} ms");
}
