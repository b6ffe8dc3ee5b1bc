using System.Text;
using Telephony.Dashboards.Tests.Support;
using Xunit.Abstractions;

namespace Telephony.Dashboards.Tests;

/// <summary>promtool on the rule files, their unit tests, the Prometheus config and every dashboard query.</summary>
public sealed class PromtoolTests(ITestOutputHelper output)
{
    public static TheoryData<string> RuleTestFiles() => new(RepositoryPaths.RuleTestFiles().Select(Path.GetFileName).OfType<string>());

    [PromtoolFact]
    public void Check_rules_accepts_every_rule_file()
    {
        var files = RepositoryPaths.RuleFiles();
        Assert.NotEmpty(files);
        output.WriteLine(Promtool.RunAndAssertSuccess(RepositoryPaths.RulesDirectory, ["check", "rules", .. files.Select(Path.GetFileName).OfType<string>()]));
    }

    [PromtoolTheory]
    [MemberData(nameof(RuleTestFiles))]
    public void Rule_unit_tests_pass(string testFile)
    {
        var printed = Promtool.RunAndAssertSuccess(RepositoryPaths.RuleTestsDirectory, "test", "rules", testFile);
        output.WriteLine(printed);
        Assert.Contains("SUCCESS", printed, StringComparison.Ordinal);
    }

    [PromtoolFact]
    public void Check_config_accepts_prometheus_yml_and_finds_every_rule_file()
    {
        var printed = Promtool.RunAndAssertSuccess(Path.GetDirectoryName(RepositoryPaths.PrometheusConfig)!, "check", "config", "prometheus.yml");
        output.WriteLine(printed);
        Assert.Contains($"SUCCESS: {RepositoryPaths.RuleFiles().Count} rule files found", printed, StringComparison.Ordinal);
    }

    /// <summary>
    /// promtool has no offline "parse this query" command, but check rules parses every expression: each panel query,
    /// with Grafana's variables replaced as Grafana would, becomes a recording rule of a throwaway file.
    /// </summary>
    [PromtoolFact]
    public void Every_panel_query_parses()
    {
        var queries = DashboardQueries.All();
        Assert.NotEmpty(queries);
        var yaml = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        for (var i = 0; i < queries.Count; i++)
        {
            yaml.Append("      # ").Append(queries[i].ToString().ReplaceLineEndings(" ")).Append('\n');
            yaml.Append("      - record: dashboard_query_").Append(i).Append('\n');
            yaml.Append("        expr: |\n");
            foreach (var line in DashboardQueries.Instantiate(queries[i].Expression).Split('\n'))
            {
                yaml.Append("          ").Append(line).Append('\n');
            }
        }

        using var directory = new TemporaryDirectory();
        var file = Path.Combine(directory.Path, "dashboard-queries.yml");
        File.WriteAllText(file, yaml.ToString());
        var printed = Promtool.RunAndAssertSuccess(directory.Path, "check", "rules", "dashboard-queries.yml");
        Assert.Contains($"SUCCESS: {queries.Count} rules found", printed, StringComparison.Ordinal);
    }

    /// <summary>The harness itself: a unit test that expects a wrong value must make promtool, and so the test, fail.</summary>
    [PromtoolFact]
    public void A_wrong_expectation_fails()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(directory.Path, "wrong.test.yml"), $"""
            rule_files:
              - {Path.Combine(RepositoryPaths.RulesDirectory, "counting.yml")}
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series: []
                promql_expr_test:
                  - expr: telephony:paris_utc_offset_seconds
                    eval_time: 1m
                    exp_samples:
                      - labels: 'telephony:paris_utc_offset_seconds'
                        value: 7200
            """);
        var (exitCode, printed) = Promtool.Run(directory.Path, "test", "rules", "wrong.test.yml");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("FAILED", printed, StringComparison.Ordinal);
    }
}

/// <summary>A folder under the system temp folder, deleted with its contents on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "telephony-dashboards-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
