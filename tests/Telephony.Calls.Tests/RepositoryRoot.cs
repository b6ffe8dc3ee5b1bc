
namespace Telephony.Calls.Tests;

internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string IvrScripts => System.IO.Path.Combine(Path, "ivr-scripts");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Telephony.sln not found above the test binaries.");
    }
}
