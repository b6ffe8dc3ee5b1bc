using System.Diagnostics;
using System.Globalization;

namespace Telephony.Bench.Media;

/// <summary>CPU time and resident memory of this process, read from /proc (Linux) with a portable fallback.</summary>
internal static class ProcessStats
{
    private static readonly double ClockTicksPerSecond = 100; // USER_HZ, 100 on every Linux configuration in practice

    /// <summary>User + system CPU time consumed so far.</summary>
    public static TimeSpan CpuTime()
    {
        try
        {
            // Fields after the ")" of the command name: state is field 3, utime 14 and stime 15 (1-based).
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return Process.GetCurrentProcess().TotalProcessorTime;
        }
    }

    /// <summary>Resident set size in bytes.</summary>
    public static long ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            // Fall through to the portable figure.
        }

        return Environment.WorkingSet;
    }

    /// <summary>Whole-machine CPU counters (jiffies): busy and steal, to show how much else ran during a step.</summary>
    public static (long Busy, long Steal, long Total) MachineCpu()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var total = fields.Take(8).Sum();
            var idle = fields[3] + fields[4];
            return (total - idle - fields[7], fields[7], total);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (0, 0, 0);
        }
    }

    /// <summary>The 1-minute load average, or 0 where /proc is missing.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }
}
