using YamlDotNet.RepresentationModel;

namespace Telephony.Dashboards.Tests.Support;

/// <summary>One recording or alerting rule of dashboards/prometheus/rules.</summary>
public sealed record PrometheusRule(string File, string Group, string? Record, string? Alert, string Expression)
{
    public string Name => Record ?? Alert ?? throw new InvalidOperationException("a rule without record or alert");
}

/// <summary>Reads the rule files and the promtool test files as YAML (promtool checks their meaning).</summary>
public static class RuleFiles
{
    public static IReadOnlyList<PrometheusRule> All() => RepositoryPaths.RuleFiles().SelectMany(Read).ToList();

    public static IEnumerable<PrometheusRule> Read(string file)
    {
        var root = Load(file);
        foreach (var group in Sequence(root, "groups"))
        {
            var groupName = Scalar(group, "name") ?? throw new InvalidDataException($"{file}: a group without a name");
            foreach (var rule in Sequence(group, "rules"))
            {
                var expression = Scalar(rule, "expr") ?? throw new InvalidDataException($"{file}: a rule without expr in {groupName}");
                yield return new PrometheusRule(Path.GetFileName(file), groupName, Scalar(rule, "record"), Scalar(rule, "alert"), expression);
            }
        }
    }

    /// <summary>The rule files a promtool test file loads, as paths relative to the rules directory.</summary>
    public static IReadOnlyList<string> RuleFilesOfTest(string testFile) =>
        Sequence(Load(testFile), "rule_files").OfType<YamlScalarNode>().Select(n => n.Value ?? string.Empty).ToList();

    /// <summary>Every expression a promtool test file evaluates (promql_expr_test).</summary>
    public static IEnumerable<string> TestedExpressions(string testFile) =>
        Sequence(Load(testFile), "tests")
            .SelectMany(test => Sequence(test, "promql_expr_test"))
            .Select(t => Scalar(t, "expr") ?? string.Empty);

    /// <summary>Every alert a promtool test file checks (alert_rule_test), with whether it expects it to fire.</summary>
    public static IEnumerable<(string Alert, bool ExpectsFiring)> TestedAlerts(string testFile) =>
        Sequence(Load(testFile), "tests")
            .SelectMany(test => Sequence(test, "alert_rule_test"))
            .Select(t => (Scalar(t, "alertname") ?? string.Empty, Sequence(t, "exp_alerts").Any()));

    internal static YamlMappingNode Load(string file)
    {
        using var reader = new StreamReader(file);
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode map
            ? map
            : throw new InvalidDataException($"{file}: expected one YAML document with a mapping at its root");
    }

    internal static IEnumerable<YamlNode> Sequence(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlSequenceNode seq
            ? seq.Children
            : [];

    internal static string? Scalar(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlScalarNode scalar
            ? scalar.Value
            : null;
}
