using System.Diagnostics;
using System.Globalization;

namespace Telephony.Bench.Dispatch;

/// <summary>What the process and the machine did during a measurement: CPU, memory, load.</summary>
internal static class ProcessStats
{
    public static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Resident memory from /proc (Linux), 0 elsewhere.</summary>
    public static long ResidentBytes()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return 0;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The managed heap after a full collection.</summary>
    public static long ManagedBytes() => GC.GetTotalMemory(forceFullCollection: true);

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static TimeSpan Percentile(TimeSpan[] sorted, double fraction) =>
        sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}
