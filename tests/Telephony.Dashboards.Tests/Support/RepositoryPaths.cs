namespace Telephony.Dashboards.Tests.Support;

/// <summary>Where the files under test are: found from the test's output folder up to the solution file.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Dashboards => Path.Combine(Root, "dashboards");

    public static string Readme => Path.Combine(Dashboards, "README.md");

    public static string PrometheusConfig => Path.Combine(Dashboards, "prometheus", "prometheus.yml");

    public static string RulesDirectory => Path.Combine(Dashboards, "prometheus", "rules");

    public static string RuleTestsDirectory => Path.Combine(Dashboards, "prometheus", "tests");

    public static string GrafanaDashboardsDirectory => Path.Combine(Dashboards, "grafana", "dashboards");

    public static string GrafanaDatasources => Path.Combine(Dashboards, "grafana", "provisioning", "datasources", "prometheus.yml");

    public static string GrafanaDashboardProvider => Path.Combine(Dashboards, "grafana", "provisioning", "dashboards", "telephony.yml");

    public static IReadOnlyList<string> RuleFiles() => Sorted(Directory.GetFiles(RulesDirectory, "*.yml"));

    public static IReadOnlyList<string> RuleTestFiles() => Sorted(Directory.GetFiles(RuleTestsDirectory, "*.test.yml"));

    public static IReadOnlyList<string> DashboardFiles() => Sorted(Directory.GetFiles(GrafanaDashboardsDirectory, "*.json"));

    private static string[] Sorted(string[] files)
    {
        Array.Sort(files, StringComparer.Ordinal);
        return files;
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

        throw new InvalidOperationException($"Telephony.sln not found above {AppContext.BaseDirectory}");
    }
}
