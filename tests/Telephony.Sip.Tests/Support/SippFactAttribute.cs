namespace Telephony.Sip.Tests.Support;

/// <summary>A fact that is skipped, with the reason printed by the runner, when sipp is not on PATH.</summary>
public sealed class SippFactAttribute : FactAttribute
{
    public SippFactAttribute()
    {
        if (Sipp.FindExecutable() is null)
        {
            Skip = "sipp is not installed (apt-get install sip-tester): real-peer SIP tests skipped";
        }
    }
}

internal static class Sipp
{
    public static string? FindExecutable()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "sipp");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
