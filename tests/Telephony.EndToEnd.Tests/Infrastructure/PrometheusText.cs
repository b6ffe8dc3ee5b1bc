using System.Globalization;
using System.Text.RegularExpressions;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>Reads sample values out of a Prometheus text exposition, as a scraper would.</summary>
public static partial class PrometheusText
{
    /// <summary>The value of the series with exactly these labels, or null when the series is absent.</summary>
    public static double? Value(string exposition, string metric, IReadOnlyDictionary<string, string> labels)
    {
        foreach (Match match in SampleLine().Matches(exposition))
        {
            if (match.Groups["name"].Value != metric)
            {
                continue;
            }

            var found = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            if (found.Count == labels.Count && labels.All(l => found.GetValueOrDefault(l.Key) == l.Value))
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>[^""]*)""")]
    private static partial Regex LabelPair();
}
