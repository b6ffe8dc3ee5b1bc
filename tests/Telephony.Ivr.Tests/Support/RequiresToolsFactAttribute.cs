namespace Telephony.Ivr.Tests;

/// <summary>A fact that is skipped, with the reason, when an external tool it needs is not on PATH.</summary>
public sealed class RequiresToolsFactAttribute : FactAttribute
{
    public RequiresToolsFactAttribute(params string[] tools)
    {
        var missing = tools.Where(t => !IsOnPath(t)).ToList();
        if (missing.Count > 0)
        {
            Skip = $"needs {string.Join(" and ", missing)} on PATH (Debian packages espeak-ng, sox)";
        }
    }

    private static bool IsOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
