using System.Globalization;

namespace Telephony.Bench.Dispatch;

/// <summary>Command line: which measurement, how many queues, agents and calls, and how long agents talk.</summary>
internal sealed record BenchOptions(string Mode, int Queues, int Agents, int Calls, int InFlight, TimeSpan Duration, TimeSpan Hold)
{
    /// <summary>Silos of the cluster in this process (1, or 2 to measure what crossing between silos costs).</summary>
    public int Silos { get; init; } = 1;

    /// <summary>Each reservation is ended at once instead of going through a whole call (ringing, talk, wrap-up).</summary>
    public bool DispatchOnly { get; init; }

    public const string Usage =
        "usage: Telephony.Bench.Dispatch throughput|backlog [--queues 50] [--agents 500] [--calls 10000] " +
        "[--in-flight 2000] [--seconds 10] [--hold-ms 0] [--silos 1] [--dispatch-only]";

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("throughput" or "backlog"))
        {
            throw new ArgumentException("Say which measurement: throughput or backlog.");
        }

        var options = new BenchOptions(args[0], Queues: 50, Agents: 500, Calls: 10_000, InFlight: 2_000, TimeSpan.FromSeconds(10), TimeSpan.Zero);
        var rest = args.Skip(1).ToList();
        if (rest.Remove("--dispatch-only"))
        {
            options = options with { DispatchOnly = true };
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
                "--silos" => options with { Silos = value is 1 or 2 ? value : throw new ArgumentException("--silos is 1 or 2.") },
                _ => throw new ArgumentException($"Unknown option {rest[i]}."),
            };
        }

        return options;
    }
}
