using System.Globalization;

namespace Telephony.Bench.Sip;

/// <summary>This process's user+system CPU time, read from /proc/self/stat (fields 14 and 15, in clock ticks).</summary>
internal static class ProcessCpu
{
    // USER_HZ is 100 on every Linux ABI .NET runs on.
    private const double TicksPerSecond = 100.0;

    public static TimeSpan Read()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((user + system) / TicksPerSecond);
    }
}
