using System.Globalization;

namespace Telephony.Bench.Dispatch;

/// <summary>Command line: which measurement, how many queues, agents and calls, and how long agents talk.</summary>
internal sealed record BenchOptions(string Mode, int Queues, int Agents, int Calls, int InFlight, TimeSpan Duration, TimeSpan Hold)
{
    /// <summary>Each reservation is ended at once instead of going through a whole call (ringing, talk, wrap-up).</summary>
    public bool DispatchOnly { get; init; }

    /// <summary>How much CPU the process spends on the dispatch path before the measurement, so that it measures JIT-optimised code.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Grain storage in memory instead of the single node's default, SQLite (a file in a temporary directory).</summary>
    public bool MemoryStorage { get; init; }

    /// <summary>Prints the pace during the warm-up (how tiered compilation brings the cost per dispatch down).</summary>
    public bool Progress { get; init; }

    /// <summary>Silos of one cluster in this process (1 or 2); two share their grain storage in memory.</summary>
    public int Silos { get; init; } = 1;

    /// <summary>Counts the grain calls by method (a filter on every call: the figures are then a little lower).</summary>
    public bool CountCalls { get; init; }

    public const string Usage =
        "usage: Telephony.Bench.Dispatch throughput|backlog|ping [--queues 50] [--agents 500] [--calls 10000] " +
        "[--in-flight 2000] [--seconds 10] [--hold-ms 0] [--warmup 30] [--silos 1] [--dispatch-only] [--progress] [--memory-storage] [--count-calls]";

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("throughput" or "backlog" or "ping"))
        {
            throw new ArgumentException("Say which measurement: throughput, backlog or ping.");
        }

        var options = new BenchOptions(args[0], Queues: 50, Agents: 500, Calls: 10_000, InFlight: 2_000, TimeSpan.FromSeconds(10), TimeSpan.Zero);
        var rest = args.Skip(1).ToList();
        if (rest.Remove("--dispatch-only"))
        {
            options = options with { DispatchOnly = true };
        }

        if (rest.Remove("--memory-storage"))
        {
            options = options with { MemoryStorage = true };
        }

        if (rest.Remove("--progress"))
        {
            options = options with { Progress = true };
        }

        if (rest.Remove("--count-calls"))
        {
            options = options with { CountCalls = true };
        }

        for (var i = 0; i + 1 < rest.Count; i += 2)
        {
            var value = int.Parse(rest[i + 1], CultureInfo.InvariantCulture);
            options = rest[i] switch
            {
                "--queues" => options with { Queues = value },
                "--agents" => options with { Agents = value },
                "--calls" => options with { Calls = value },
                "--in-flight" => options with { InFlight = value },
                "--seconds" => options with { Duration = TimeSpan.FromSeconds(value) },
                "--hold-ms" => options with { Hold = TimeSpan.FromMilliseconds(value) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(value) },
                "--silos" => options with { Silos = value is 1 or 2 ? value : throw new ArgumentException("--silos is 1 or 2.") },
                _ => throw new ArgumentException($"Unknown option {rest[i]}."),
            };
        }

        // A second silo needs storage both silos reach: the in-memory provider is itself a grain of the cluster,
        // whereas each silo's SQLite file would be its own.
        return options.Silos > 1 ? options with { MemoryStorage = true } : options;
    }
}
