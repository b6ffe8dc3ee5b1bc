using System.Reflection;

namespace Telephony.Fuzz.Tests;

/// <summary>The checkout, its fuzzing corpus and the fuzz program built by the same configuration as these tests.</summary>
internal static class FuzzPaths
{
    public static string Root { get; } = FindRoot();

    public static string Corpus(string target) => Path.Combine(Root, "tests", "fuzz-corpus", target);

    public static string Regressions(string target) => Path.Combine(Root, "tests", "fuzz-corpus", "regressions", target);

    public static string FuzzProgramDirectory
    {
        get
        {
            var configuration = typeof(FuzzPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "BuildConfiguration").Value!;
            return Path.Combine(Root, "bench", "Telephony.Fuzz", "bin", configuration, "net10.0");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Telephony.sln above {AppContext.BaseDirectory}.");
    }
}
