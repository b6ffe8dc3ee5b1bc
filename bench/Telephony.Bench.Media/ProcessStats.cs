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
}
