using System.Text.RegularExpressions;

namespace Telephony.Dashboards.Tests.Support;

/// <summary>The metric table of dashboards/README.md ("| `name` | type | labels | meaning |"): the one list of metrics.</summary>
public sealed partial class MetricCatalogue
{
    private MetricCatalogue(IReadOnlyDictionary<string, (string Type, IReadOnlyList<string> Labels)> metrics) => Metrics = metrics;

    public IReadOnlyDictionary<string, (string Type, IReadOnlyList<string> Labels)> Metrics { get; }

    public static MetricCatalogue FromReadme() => Parse(File.ReadAllText(RepositoryPaths.Readme));

    public static MetricCatalogue Parse(string markdown)
    {
        var metrics = new Dictionary<string, (string, IReadOnlyList<string>)>(StringComparer.Ordinal);
        foreach (Match row in MetricRow().Matches(markdown))
        {
            var labels = LabelName().Matches(row.Groups["labels"].Value).Select(m => m.Groups[1].Value).ToList();
            if (!metrics.TryAdd(row.Groups["name"].Value, (row.Groups["type"].Value, labels)))
            {
                throw new InvalidDataException($"{row.Groups["name"].Value} is listed twice in the metric table");
            }
        }

        return new MetricCatalogue(metrics);
    }

    /// <summary>Whether a series name is one the table lists (a histogram's _bucket, _sum and _count included).</summary>
    public bool Lists(string seriesName)
    {
        if (Metrics.ContainsKey(seriesName))
        {
            return true;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (seriesName.EndsWith(suffix, StringComparison.Ordinal) &&
                Metrics.TryGetValue(seriesName[..^suffix.Length], out var metric) && metric.Type == "histogram")
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^\| `(?<name>[a-z_][a-z0-9_]*)` \| (?<type>counter|gauge|histogram) \| (?<labels>[^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex MetricRow();

    [GeneratedRegex("`([a-z_][a-z0-9_]*)`")]
    private static partial Regex LabelName();
}
