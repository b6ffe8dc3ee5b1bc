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
    public static async Task ThroughputAsync(BenchOptions options)
    {
        await using var silo = await DispatchSilo.StartAsync(options);
        var agents = await silo.AgentsAsync(options.Agents, options.Queues);
        var farm = new PhoneFarm(silo.Grains, options.Hold, maxSamples: 5_000_000) { DispatchOnly = options.DispatchOnly };
        using var load = SteadyLoad.Start(silo, farm, options, "p");
        await ReadyAll(agents, farm);

        await WarmUpCpuAsync(options, () => farm.Reservations);
        farm.ResetTiming();
        var (reservations0, joined0, calls0, cpu0, clock) = (farm.Reservations, load.Joined, silo.Counter?.Snapshot(), ProcessStats.Cpu(), Stopwatch.StartNew());
        await Task.Delay(options.Duration);
        var (reservations1, joined1, calls1, cpu1, elapsed) = (farm.Reservations, load.Joined, silo.Counter?.Snapshot(), ProcessStats.Cpu(), clock.Elapsed);
        await load.StopAsync();
        await farm.StopAsync();

        var latencies = farm.ReadyToReservedSorted();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: {options.Silos} silo(s), {options.Queues} queues, {options.Agents} agents, {options.InFlight} calls in flight, hold {options.Hold.TotalMilliseconds:0} ms, {options.Warmup.TotalSeconds:0} s of CPU warm-up, {elapsed.TotalSeconds:0.0} s measured"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  calls joined {(joined1 - joined0) / elapsed.TotalSeconds:N0}/s, reserved (dispatched) {(reservations1 - reservations0) / elapsed.TotalSeconds:N0}/s, {(options.DispatchOnly ? "each ended at once" : "each a whole call cycle")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  process CPU {(cpu1 - cpu0).TotalSeconds / elapsed.TotalSeconds * 100:0}% of one core, {(cpu1 - cpu0).TotalMicroseconds / Math.Max(1, reservations1 - reservations0):0} µs of CPU per dispatch, load average {ProcessStats.LoadAverage()}"));
        PrintLatency(latencies);
        if (calls0 is not null && calls1 is not null)
        {
            CallCounter.Print(calls0, calls1, reservations1 - reservations0);
        }

        if (options.Silos > 1)
        {
            Console.WriteLine($"  activations per silo: {await silo.PlacementAsync()}");
        }
    }

    public static async Task BacklogAsync(BenchOptions options)
    {
        await using var silo = await DispatchSilo.StartAsync(options);
        var agents = await silo.AgentsAsync(options.Agents, options.Queues);
        await WarmUpAsync(silo, agents, options);
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
            $"backlog: {options.Calls:N0} calls waiting over {options.Queues} queues, {options.Agents} agents paused, after {options.Warmup.TotalSeconds:0} s of CPU warm-up"));
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
        await farm.StopAsync();
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
        PrintLatency(farm.ReadyToReservedSorted(afterPause: true), "    of which from a pause (SetReady, the agent's record written)");
        PrintLatency(farm.ReadyToReservedSorted(afterPause: false), "    of which after a call (EndWrapUp: nothing written)");
    }

    /// <summary>
    /// Runs the dispatch path (calls joining, agents taking them and ending them at once) for the warm-up time, then
    /// lets the queues drain and pauses every agent again: the measurement then runs on code the JIT has optimised.
    /// </summary>
    private static async Task WarmUpAsync(DispatchSilo silo, IAgentGrain[] agents, BenchOptions options)
    {
        if (options.Warmup <= TimeSpan.Zero)
        {
            return;
        }

        var farm = new PhoneFarm(silo.Grains, TimeSpan.Zero, maxSamples: 0) { DispatchOnly = true, Timing = false };
        using var load = SteadyLoad.Start(silo, farm, options, "w");
        await ReadyAll(agents, farm);
        await WarmUpCpuAsync(options, () => farm.Reservations);
        await load.StopAsync();
        while (farm.Reservations < load.Joined)
        {
            await Task.Delay(10);
        }

        await farm.StopAsync();
        await Parallel.ForEachAsync(agents, async (agent, _) => await agent.Pause("formation"));
    }

    /// <summary>
    /// Waits while the process spends <see cref="BenchOptions.Warmup"/> of CPU (not of wall time: on a machine shared
    /// with other work the process may get a third of a core) on the dispatch path, so that tiered compilation has
    /// replaced the first, unoptimised code; with <c>--progress</c>, prints the pace every 5 s meanwhile.
    /// </summary>
    private static async Task WarmUpCpuAsync(BenchOptions options, Func<long> dispatches)
    {
        var (cpu0, wall) = (ProcessStats.Cpu(), Stopwatch.StartNew());
        var (lastCpu, lastCount, lastWall) = (cpu0, dispatches(), TimeSpan.Zero);
        while (ProcessStats.Cpu() - cpu0 < options.Warmup && wall.Elapsed < 10 * options.Warmup)
        {
            await Task.Delay(100);
            if (options.Progress && wall.Elapsed - lastWall >= TimeSpan.FromSeconds(5))
            {
                var (cpu, count) = (ProcessStats.Cpu(), dispatches());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  warm-up {wall.Elapsed.TotalSeconds:0} s ({(cpu - cpu0).TotalSeconds:0.0} s of CPU): {(count - lastCount) / (wall.Elapsed - lastWall).TotalSeconds:N0} dispatches/s, {(cpu - lastCpu).TotalMicroseconds / Math.Max(1, count - lastCount):0} µs of CPU each"));
                (lastCpu, lastCount, lastWall) = (cpu, count, wall.Elapsed);
            }
        }
    }

    internal static QueuedCall NewCall(string callId, IWaitingCallObserver node) =>
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

            farm.BecomingReady(agents[i].GetPrimaryKeyString(), afterPause: true);
            await agents[i].SetReady();
        });

    private static void PrintLatency(TimeSpan[] sorted, string what = "  Ready -> reserved") =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what} over {sorted.Length:N0} returns to Ready: p50 {Ms(ProcessStats.Percentile(sorted, 0.50))}, p99 {Ms(ProcessStats.Percentile(sorted, 0.99))}, max {Ms(sorted.Length == 0 ? TimeSpan.Zero : sorted[^1])}"));

    private static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.00} ms");
}
