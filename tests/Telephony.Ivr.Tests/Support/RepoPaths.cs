namespace Telephony.Ivr.Tests;

/// <summary>Finds the checkout the tests run from, so tests read the real ivr-scripts/ directory.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string IvrScripts => Path.Combine(Root, "ivr-scripts");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Telephony.sln above {AppContext.BaseDirectory}");
    }
}
