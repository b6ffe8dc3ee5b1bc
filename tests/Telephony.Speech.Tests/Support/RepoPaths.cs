namespace Telephony.Speech.Tests.Support;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string IvrScripts => Path.Combine(Root, "ivr-scripts");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Telephony.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Telephony.sln not found above " + AppContext.BaseDirectory);
    }
}
