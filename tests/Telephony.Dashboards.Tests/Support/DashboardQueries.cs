using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Telephony.Dashboards.Tests.Support;

/// <summary>One PromQL target of one panel of one dashboard.</summary>
public sealed record PanelQuery(
    string DashboardFile, string DashboardUid, string DashboardTitle, int PanelId, string PanelTitle, string RefId, string Expression)
{
    public override string ToString() => $"{DashboardFile} panel {PanelId} \"{PanelTitle}\" {RefId}: {Expression}";
}

/// <summary>
/// Every panel query of every dashboard of dashboards/grafana/dashboards, rows' nested panels included: for these tests,
/// and for a test against a running Prometheus (<c>DashboardQueries.All()</c>, then <see cref="Instantiate"/> each
/// expression and send it to /api/v1/query).
/// </summary>
public static partial class DashboardQueries
{
    /// <summary>The values Grafana would put in the built-in interval variables for a one-hour view.</summary>
    public static readonly IReadOnlyDictionary<string, string> BuiltInIntervals = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m",
        ["__interval"] = "15s",
        ["__range"] = "1h",
    };

    public static IReadOnlyList<PanelQuery> All(string? dashboardsDirectory = null)
    {
        var files = dashboardsDirectory is null
            ? RepositoryPaths.DashboardFiles()
            : Directory.GetFiles(dashboardsDirectory, "*.json").Order(StringComparer.Ordinal).ToList();
        return files.SelectMany(Read).ToList();
    }

    public static IEnumerable<PanelQuery> Read(string file)
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? throw new InvalidDataException($"{file}: not a JSON object");
        var uid = (string?)dashboard["uid"] ?? string.Empty;
        var title = (string?)dashboard["title"] ?? string.Empty;
        foreach (var panel in Panels(dashboard))
        {
            foreach (var target in panel["targets"]?.AsArray() ?? [])
            {
                if ((string?)target?["expr"] is { } expression)
                {
                    yield return new PanelQuery(Path.GetFileName(file), uid, title, (int?)panel["id"] ?? -1,
                        (string?)panel["title"] ?? string.Empty, (string?)target["refId"] ?? string.Empty, expression);
                }
            }
        }
    }

    /// <summary>Every panel of a dashboard, depth first: a row's panels follow the row.</summary>
    public static IEnumerable<JsonObject> Panels(JsonObject dashboard)
    {
        var pending = new Stack<JsonNode?>((dashboard["panels"]?.AsArray() ?? []).Reverse());
        while (pending.Count > 0)
        {
            if (pending.Pop() is not JsonObject panel)
            {
                continue;
            }

            yield return panel;
            foreach (var child in (panel["panels"]?.AsArray() ?? []).Reverse())
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>
    /// The expression as Grafana would send it: built-in intervals replaced by <see cref="BuiltInIntervals"/>, every
    /// other variable ($network, ${line}) by <paramref name="values"/> or, by default, ".*" (the "All" value).
    /// </summary>
    public static string Instantiate(string expression, IReadOnlyDictionary<string, string>? values = null) =>
        Variable().Replace(expression, match =>
        {
            var name = match.Groups["name"].Value;
            if (values is not null && values.TryGetValue(name, out var value))
            {
                return value;
            }

            return BuiltInIntervals.TryGetValue(name, out var interval) ? interval : ".*";
        });

    [GeneratedRegex(@"\$(\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Variable();
}
