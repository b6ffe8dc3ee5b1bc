using System.Text.RegularExpressions;
using Telephony.Dashboards.Tests.Support;

namespace Telephony.Dashboards.Tests;

/// <summary>The rule files against the metric list of dashboards/README.md and against their promtool tests.</summary>
public sealed partial class RuleTests
{
    private static readonly IReadOnlyList<PrometheusRule> Rules = RuleFiles.All();
    private static readonly string[] Windows = ["today", "1h", "7d"];

    [Fact]
    public void Every_series_a_rule_reads_is_a_listed_metric_or_a_recorded_rule()
    {
        var catalogue = MetricCatalogue.FromReadme();
        var recorded = Rules.Where(r => r.Record is not null).Select(r => r.Record!).ToHashSet(StringComparer.Ordinal);
        var unknown = Rules
            .SelectMany(r => PromQl.MetricNames(r.Expression).Select(name => (Rule: r.Name, Name: name)))
            .Where(x => !catalogue.Lists(x.Name) && !recorded.Contains(x.Name))
            .Select(x => $"{x.Rule} reads {x.Name}")
            .ToList();
        Assert.True(unknown.Count == 0, "not in the README's metric table nor recorded:\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void Recording_rules_are_unique_and_named_level_metric_operation()
    {
        var records = Rules.Where(r => r.Record is not null).Select(r => r.Record!).ToList();
        Assert.Equal(records.Count, records.Distinct(StringComparer.Ordinal).Count());
        var badlyNamed = records.Where(name => !RecordName().IsMatch(name)).ToList();
        Assert.True(badlyNamed.Count == 0, "not level:telephony_metric:operation (or telephony:name): " + string.Join(", ", badlyNamed));
        var alerts = Rules.Where(r => r.Alert is not null).Select(r => r.Alert!).ToList();
        Assert.Equal(alerts.Count, alerts.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Every window (today, 1 h, 7 d) computes the same figures: a rule added to one is added to all.</summary>
    [Fact]
    public void Every_window_has_the_same_rules()
    {
        var byWindow = Windows.ToDictionary(
            w => w,
            w => Rules.Where(r => r.Record?.EndsWith(":" + w, StringComparison.Ordinal) == true && r.File == "counting.yml")
                      .Select(r => r.Record![..^(w.Length + 1)])
                      .ToHashSet(StringComparer.Ordinal));
        Assert.True(byWindow["today"].Count >= 20, $"only {byWindow["today"].Count} rules for today");
        foreach (var window in Windows)
        {
            Assert.Equal(byWindow["today"].Order(StringComparer.Ordinal), byWindow[window].Order(StringComparer.Ordinal));
        }
    }

    /// <summary>The deltas subtract the value one evaluation ago: the offset must be the counting group's interval.</summary>
    [Fact]
    public void The_delta_offset_is_the_counting_group_interval()
    {
        var group = RuleFiles.Sequence(RuleFiles.Load(Path.Combine(RepositoryPaths.RulesDirectory, "counting.yml")), "groups").Single();
        var interval = RuleFiles.Scalar(group, "interval");
        Assert.Equal("1m", interval);
        var deltas = Rules.Where(r => r.Record?.EndsWith(":delta1m", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(5, deltas.Count);
        Assert.All(deltas, r => Assert.Contains($"offset {interval})", r.Expression, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_recording_rule_is_evaluated_by_a_promtool_test()
    {
        var tested = RepositoryPaths.RuleTestFiles()
            .SelectMany(RuleFiles.TestedExpressions)
            .SelectMany(PromQl.MetricNames)
            .ToHashSet(StringComparer.Ordinal);
        var untested = Rules.Where(r => r.Record is not null && !tested.Contains(r.Record)).Select(r => r.Record).ToList();
        Assert.True(untested.Count == 0, "no promql_expr_test reads: " + string.Join(", ", untested));
    }

    [Fact]
    public void Every_alert_is_tested_firing_and_not_firing()
    {
        var tests = RepositoryPaths.RuleTestFiles().SelectMany(RuleFiles.TestedAlerts).ToList();
        foreach (var alert in Rules.Where(r => r.Alert is not null).Select(r => r.Alert!))
        {
            Assert.True(tests.Any(t => t.Alert == alert && t.ExpectsFiring), $"{alert}: no alert_rule_test where it fires");
            Assert.True(tests.Any(t => t.Alert == alert && !t.ExpectsFiring), $"{alert}: no alert_rule_test where it stays silent");
        }
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_and_a_description()
    {
        var file = Path.Combine(RepositoryPaths.RulesDirectory, "alerts.yml");
        var alerts = RuleFiles.Sequence(RuleFiles.Load(file), "groups").SelectMany(g => RuleFiles.Sequence(g, "rules")).ToList();
        Assert.NotEmpty(alerts);
        foreach (var alert in alerts)
        {
            var name = RuleFiles.Scalar(alert, "alert");
            var labels = (YamlDotNet.RepresentationModel.YamlMappingNode)alert[new YamlDotNet.RepresentationModel.YamlScalarNode("labels")];
            Assert.True(RuleFiles.Scalar(labels, "severity") is "warning" or "critical", $"{name}: severity warning or critical");
            var annotations = alert[new YamlDotNet.RepresentationModel.YamlScalarNode("annotations")];
            Assert.False(string.IsNullOrWhiteSpace(RuleFiles.Scalar(annotations, "summary")), $"{name}: no summary");
            Assert.False(string.IsNullOrWhiteSpace(RuleFiles.Scalar(annotations, "description")), $"{name}: no description");
        }
    }

    [Fact]
    public void Every_rule_file_has_a_test_file_and_every_file_points_to_the_readme()
    {
        var loaded = RepositoryPaths.RuleTestFiles()
            .SelectMany(RuleFiles.RuleFilesOfTest)
            .Select(Path.GetFileName)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var rules in RepositoryPaths.RuleFiles())
        {
            var name = Path.GetFileName(rules);
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.RuleTestsDirectory, Path.ChangeExtension(name, ".test.yml"))), $"{name}: no {Path.ChangeExtension(name, ".test.yml")}");
            Assert.Contains(name, loaded);
        }

        foreach (var file in RepositoryPaths.RuleFiles().Concat(RepositoryPaths.RuleTestFiles()).Append(RepositoryPaths.PrometheusConfig))
        {
            Assert.True(File.ReadLines(file).Take(3).Any(line => line.StartsWith('#') && line.Contains("dashboards/README.md", StringComparison.Ordinal)),
                $"{Path.GetFileName(file)}: its first lines should point to dashboards/README.md");
        }
    }

    [GeneratedRegex(@"^([a-z_]+:telephony_[a-z0-9_]+:[a-z0-9_]+|telephony:[a-z0-9_]+)$")]
    private static partial Regex RecordName();
}
