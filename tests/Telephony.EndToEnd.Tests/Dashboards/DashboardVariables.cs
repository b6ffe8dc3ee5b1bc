using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Telephony.Dashboards.Tests.Support;

namespace Telephony.EndToEnd.Tests.Dashboards;

/// <summary>A dashboard's query variable: Grafana's label_values(selector, label), which lists the label's values.</summary>
public sealed record DashboardVariable(string Dashboard, string Name, string Selector, string Label)
{
    public override string ToString() => $"{Dashboard} variable ${Name} (label_values({Selector}, {Label}))";
}

/// <summary>Reads the query variables of every dashboard of dashboards/grafana/dashboards.</summary>
public static partial class DashboardVariables
{
    public static IReadOnlyList<DashboardVariable> All() =>
        RepositoryPaths.DashboardFiles().SelectMany(file =>
        {
            var dashboard = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            return (dashboard["templating"]?["list"]?.AsArray() ?? [])
                .OfType<JsonObject>()
                .Where(v => (string?)v["type"] == "query")
                .Select(v =>
                {
                    var query = (string?)v["query"]?["query"] ?? (string?)v["query"] ?? string.Empty;
                    var match = LabelValues().Match(query);
                    return match.Success
                        ? new DashboardVariable(Path.GetFileName(file), (string)v["name"]!, match.Groups["selector"].Value, match.Groups["label"].Value)
                        : throw new InvalidDataException($"{file}: variable {v["name"]} is not label_values(selector, label): {query}");
                });
        }).ToList();

    [GeneratedRegex(@"^\s*label_values\((?<selector>.+),\s*(?<label>[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$")]
    private static partial Regex LabelValues();
}
