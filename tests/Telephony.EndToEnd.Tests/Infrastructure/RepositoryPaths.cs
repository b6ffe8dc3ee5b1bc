using System.Reflection;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>Finds the checkout and the server binary built by the same configuration as these tests.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string IvrScripts => Path.Combine(Root, "ivr-scripts");

    public static string ServerAssembly
    {
        get
        {
            var configuration = typeof(RepositoryPaths).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "BuildConfiguration").Value!;
            var path = Path.Combine(Root, "src", "Telephony.Server", "bin", configuration, "net10.0", "telephony.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"Server binary not built at {path}: build the solution first.", path);
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
