namespace Telephony.Media.Tests;

/// <summary>A fact that is skipped, saying why, when a command-line tool it needs is not installed.</summary>
public sealed class RequiresToolFactAttribute : FactAttribute
{
    public RequiresToolFactAttribute(string tool)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
        if (!found)
        {
            Skip = $"'{tool}' is not installed (apt-get install {tool}); this test needs it to make its audio.";
        }
    }
}
