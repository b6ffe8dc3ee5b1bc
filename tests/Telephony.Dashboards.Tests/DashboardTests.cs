using System.Text.Json;
using System.Text.Json.Nodes;
using Telephony.Dashboards.Tests.Support;

namespace Telephony.Dashboards.Tests;

/// <summary>The Grafana dashboards and their provisioning, against the rules and the metric list of the README.</summary>
public sealed class DashboardTests
{
    private static readonly string[] Titles = ["Plan téléphone — taux de décroché", "Files d'attente en direct", "Satisfaction", "Rappels et rendez-vous"];

    public static TheoryData<string> DashboardFiles() => new(RepositoryPaths.DashboardFiles().Select(Path.GetFileName).OfType<string>());

    [Fact]
    public void The_four_dashboards_have_the_titles_of_the_issues_and_unique_uids()
    {
        var dashboards = RepositoryPaths.DashboardFiles().Select(Load).ToList();
        Assert.Equal(Titles.Order(StringComparer.Ordinal), dashboards.Select(d => (string)d["title"]!).Order(StringComparer.Ordinal));
        var uids = dashboards.Select(d => (string?)d["uid"]).ToList();
        Assert.All(uids, uid => Assert.False(string.IsNullOrWhiteSpace(uid)));
        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Is_a_grafana_10_dashboard_in_paris_time(string file)
    {
        var dashboard = Load(Path.Combine(RepositoryPaths.GrafanaDashboardsDirectory, file));
        Assert.True((int?)dashboard["schemaVersion"] >= 38, "schemaVersion 38 (Grafana 10) or later");
        Assert.Equal("Europe/Paris", (string?)dashboard["timezone"]);
        var panels = DashboardQueries.Panels(dashboard).ToList();
        Assert.NotEmpty(panels);
        var ids = panels.Select(p => (int?)p["id"]).ToList();
        Assert.All(ids, id => Assert.NotNull(id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var panel in panels)
        {
            var title = (string?)panel["title"];
            Assert.False(string.IsNullOrWhiteSpace(title), $"panel {panel["id"]} has no title");
            Assert.NotNull(panel["gridPos"]?["w"]);
            var type = (string?)panel["type"];
            if (type is not ("row" or "text"))
            {
                Assert.True(panel["targets"]?.AsArray().Count > 0, $"panel \"{title}\" has no query");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Names_only_the_provisioned_datasource(string file)
    {
        var uid = ProvisionedDatasourceUid();
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.GrafanaDashboardsDirectory, file));
        var references = Descendants(JsonNode.Parse(text)!)
            .OfType<JsonObject>()
            .Where(o => (string?)o["type"] == "prometheus" && o.ContainsKey("uid"))
            .Select(o => (string?)o["uid"])
            .ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Equal(uid, r));
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Defines_network_and_line_variables_and_uses_no_other_undefined_one(string file)
    {
        var dashboard = Load(Path.Combine(RepositoryPaths.GrafanaDashboardsDirectory, file));
        var variables = dashboard["templating"]!["list"]!.AsArray().OfType<JsonObject>().ToDictionary(v => (string)v["name"]!, StringComparer.Ordinal);
        foreach (var name in new[] { "network", "line" })
        {
            Assert.True(variables.TryGetValue(name, out var variable), $"no variable {name}");
            Assert.Equal("query", (string?)variable["type"]);
            Assert.StartsWith("label_values(", (string?)variable["definition"], StringComparison.Ordinal);
            Assert.EndsWith($", {name})", (string?)variable["definition"], StringComparison.Ordinal);
        }

        var used = DashboardQueries.Read(Path.Combine(RepositoryPaths.GrafanaDashboardsDirectory, file))
            .SelectMany(q => PromQl.GrafanaVariables(q.Expression))
            .Concat(variables.Values.SelectMany(v => PromQl.GrafanaVariables((string?)v["definition"] ?? string.Empty)))
            .Where(v => !v.StartsWith("__", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("network", used);
        Assert.All(used, v => Assert.True(variables.ContainsKey(v), $"${v} is used but not defined"));
    }

    [Fact]
    public void Every_panel_reads_listed_metrics_and_defined_recording_rules()
    {
        var catalogue = MetricCatalogue.FromReadme();
        var rules = RuleFiles.All();
        var recorded = rules.Where(r => r.Record is not null).Select(r => r.Record!).ToHashSet(StringComparer.Ordinal);
        var queries = DashboardQueries.All();
        var problems = new List<string>();
        foreach (var query in queries)
        {
            var names = PromQl.MetricNames(DashboardQueries.Instantiate(query.Expression));
            if (names.Count == 0)
            {
                problems.Add($"{query}: reads no series");
            }

            problems.AddRange(names.Where(n => !recorded.Contains(n) && !catalogue.Lists(n)).Select(n => $"{query}: {n} is neither recorded nor in the README's table"));
            problems.AddRange(names.Where(n => n.Contains(':', StringComparison.Ordinal) && !recorded.Contains(n)).Select(n => $"{query}: no recording rule {n}"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        // The rates the issue asks for are on the dashboards, read from the rules, not recomputed in the panels.
        var read = queries.SelectMany(q => PromQl.MetricNames(DashboardQueries.Instantiate(q.Expression))).ToHashSet(StringComparer.Ordinal);
        foreach (var window in new[] { "today", "1h", "7d" })
        {
            Assert.Contains($"network:telephony_agent_pickup_ratio:{window}", read);
        }

        Assert.Contains("network:telephony_global_pickup_ratio:today", read);
    }

    /// <summary>Every panel that shows a pick-up rate is coloured against the Plan téléphone target.</summary>
    [Fact]
    public void Every_pick_up_rate_panel_is_green_from_85_percent_amber_below_and_red_under_80()
    {
        var checkedPanels = 0;
        foreach (var file in RepositoryPaths.DashboardFiles())
        {
            foreach (var panel in DashboardQueries.Panels(Load(file)))
            {
                var exprs = panel["targets"]?.AsArray().Select(t => (string?)t?["expr"] ?? string.Empty).ToList() ?? [];
                if (!exprs.Any(e => e.Contains("_pickup_ratio", StringComparison.Ordinal)))
                {
                    continue;
                }

                checkedPanels++;
                var name = $"{Path.GetFileName(file)} \"{panel["title"]}\"";
                var defaults = panel["fieldConfig"]!["defaults"]!;
                Assert.True((string?)defaults["unit"] == "percentunit", $"{name}: unit percentunit (0.85 shown as 85 %)");
                var steps = defaults["thresholds"]!["steps"]!.AsArray()
                    .Select(s => (Color: (string?)s!["color"], Value: (double?)s["value"]))
                    .ToList();
                Assert.True(steps.Count == 3, $"{name}: three threshold steps");
                Assert.True(steps[0] is { Color: "red", Value: null }, $"{name}: red below everything");
                Assert.True(steps[1] is { Color: "orange", Value: 0.80 }, $"{name}: amber from 80 %");
                Assert.True(steps[2] is { Color: "green", Value: 0.85 }, $"{name}: green from 85 %");
            }
        }

        Assert.True(checkedPanels >= 8, $"only {checkedPanels} pick-up rate panels");
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Links_to_the_counting_reference(string file)
    {
        var dashboard = Load(Path.Combine(RepositoryPaths.GrafanaDashboardsDirectory, file));
        Assert.Contains(dashboard["links"]!.AsArray(), l => (string?)l!["url"] == "${readme_url}");
        var readme = dashboard["templating"]!["list"]!.AsArray().Single(v => (string?)v!["name"] == "readme_url")!;
        Assert.Equal("constant", (string?)readme["type"]);
        Assert.EndsWith("dashboards/README.md", (string?)readme["query"], StringComparison.Ordinal);
    }

    [Fact]
    public void Queries_inside_collapsed_rows_are_listed()
    {
        var queries = DashboardQueries.All();
        Assert.Contains(queries, q => q.DashboardUid == "telephony-files-attente" && q.Expression.Contains("telephony_rtp_packets_sent_total", StringComparison.Ordinal));
        Assert.All(queries, q => Assert.False(string.IsNullOrWhiteSpace(q.RefId), $"{q}: no refId"));
        Assert.Equal(
            "sum by (queue) (telephony_agents{queue=~\".*\", state=\"ready\"})",
            DashboardQueries.Instantiate("sum by (queue) (telephony_agents{queue=~\"$queue\", state=\"ready\"})"));
        Assert.Equal("rate(x{line=~\"3960\"}[1m])", DashboardQueries.Instantiate("rate(x{line=~\"${line}\"}[$__rate_interval])", new Dictionary<string, string> { ["line"] = "3960" }));
    }

    [Fact]
    public void Provisioning_names_the_datasource_uid_and_the_dashboards_path()
    {
        Assert.Equal("telephony-prometheus", ProvisionedDatasourceUid());
        var provider = RuleFiles.Sequence(RuleFiles.Load(RepositoryPaths.GrafanaDashboardProvider), "providers").Single();
        Assert.Equal("file", RuleFiles.Scalar(provider, "type"));
        Assert.Equal("false", RuleFiles.Scalar(provider, "allowUiUpdates"));
        var options = provider[new YamlDotNet.RepresentationModel.YamlScalarNode("options")];
        Assert.StartsWith("/", RuleFiles.Scalar(options, "path"), StringComparison.Ordinal);
        var datasource = RuleFiles.Sequence(RuleFiles.Load(RepositoryPaths.GrafanaDatasources), "datasources").Single();
        Assert.Equal("prometheus", RuleFiles.Scalar(datasource, "type"));
        Assert.Equal("http://127.0.0.1:9090", RuleFiles.Scalar(datasource, "url"));
    }

    private static string ProvisionedDatasourceUid()
    {
        var datasource = RuleFiles.Sequence(RuleFiles.Load(RepositoryPaths.GrafanaDatasources), "datasources").Single();
        return RuleFiles.Scalar(datasource, "uid") ?? throw new InvalidDataException("the provisioned datasource has no uid");
    }

    private static JsonObject Load(string file)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path.GetFileName(file)} is not valid JSON: {e.Message}", e);
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
