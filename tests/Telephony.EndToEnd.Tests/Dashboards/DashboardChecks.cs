using Telephony.Dashboards.Tests.Support;
using Telephony.EndToEnd.Tests.Infrastructure;

namespace Telephony.EndToEnd.Tests.Dashboards;

/// <summary>One figure checked: what it is, whether its value was compared or only "answers without error", and any problem.</summary>
public sealed record CheckedFigure(string Name, bool ValueChecked, string Expected, string? Problem);

/// <summary>Holds Prometheus's answers for the rules and the dashboards' queries against the expectation tables.</summary>
public sealed class DashboardChecks(PrometheusApi prometheus)
{
    /// <summary>The metric names Prometheus holds from the server (to tell a metric not exported yet).</summary>
    public async Task<ISet<string>> ExportedMetricsAsync()
    {
        var (error, names) = await prometheus.LabelValuesAsync("__name__", "{job=\"telephony\"}");
        return error is null ? names.ToHashSet(StringComparer.Ordinal) : throw new InvalidOperationException($"metric names: {error}");
    }

    /// <summary>
    /// Every recording rule Prometheus loaded, queried by its record name: each must have an expectation, be healthy
    /// and hold it. Every rule (alerts too) must have evaluated without error.
    /// </summary>
    public async Task<IReadOnlyList<CheckedFigure>> RulesAsync(IReadOnlyDictionary<string, Expectation> expected, ISet<string> exported)
    {
        var rules = await prometheus.RulesAsync();
        var figures = new List<CheckedFigure>();
        foreach (var rule in rules.Where(r => r.Health != "ok"))
        {
            figures.Add(new CheckedFigure($"{rule.File} {rule.Name}", false, "health ok", $"health {rule.Health}: {rule.LastError}"));
        }

        var recorded = rules.Where(r => r.IsRecording).Select(r => r.Name).Distinct().ToList();
        foreach (var name in recorded)
        {
            if (!expected.TryGetValue(name, out var expectation))
            {
                figures.Add(new CheckedFigure(name, false, "?", "no expectation for this recording rule: add it to RuleExpectations"));
                continue;
            }

            figures.Add(await CheckAsync(name, $"{name}", expectation, exported));
        }

        figures.AddRange(expected.Keys.Except(recorded).Select(name =>
            new CheckedFigure(name, false, expected[name].ToString()!, "expected, but Prometheus loaded no such recording rule")));
        return figures;
    }

    /// <summary>
    /// Every target of every panel, with the dashboard's variables as given and Grafana's built-in intervals, as an
    /// instant query (what stat, gauge and table panels ask) and, for time-series panels, as a range query too.
    /// </summary>
    public async Task<IReadOnlyList<CheckedFigure>> PanelsAsync(
        IReadOnlyList<PanelQuery> queries,
        IReadOnlyDictionary<PanelTarget, Expectation> expected,
        IReadOnlyDictionary<string, string> variables,
        ISet<string> exported,
        (DateTimeOffset Start, DateTimeOffset End)? range)
    {
        var figures = new List<CheckedFigure>();
        foreach (var query in queries)
        {
            var target = new PanelTarget(query.DashboardFile, query.PanelTitle, query.RefId);
            var name = $"{query.DashboardTitle} ({query.DashboardFile}) « {query.PanelTitle} » {query.RefId}";
            if (!expected.TryGetValue(target, out var expectation))
            {
                figures.Add(new CheckedFigure(name, false, "?", $"no expectation for this panel target: add it to PanelExpectations ({query.Expression})"));
                continue;
            }

            var expression = DashboardQueries.Instantiate(query.Expression, variables);
            if (range is { } window)
            {
                var series = await prometheus.QueryRangeAsync(expression, window.Start, window.End, TimeSpan.FromSeconds(15));
                if (series.Error is { } rangeError)
                {
                    figures.Add(new CheckedFigure(name, false, expectation.ToString()!, $"range query failed: {rangeError} ({expression})"));
                    continue;
                }
            }

            figures.Add(await CheckAsync(name, expression, expectation, exported));
        }

        figures.AddRange(expected.Keys.Where(t => !queries.Any(q => new PanelTarget(q.DashboardFile, q.PanelTitle, q.RefId) == t)).Select(t =>
            new CheckedFigure(t.ToString(), false, expected[t].ToString()!, "expected, but no dashboard has this panel target")));
        return figures;
    }

    /// <summary>Only the targets <paramref name="expected"/> names (the live figures while callers wait).</summary>
    public async Task<IReadOnlyList<CheckedFigure>> SomePanelsAsync(
        IReadOnlyList<PanelQuery> queries, IReadOnlyDictionary<PanelTarget, Expectation> expected, IReadOnlyDictionary<string, string> variables, ISet<string> exported)
    {
        var named = queries.Where(q => expected.ContainsKey(new PanelTarget(q.DashboardFile, q.PanelTitle, q.RefId))).ToList();
        return await PanelsAsync(named, expected.Where(e => named.Any(q => new PanelTarget(q.DashboardFile, q.PanelTitle, q.RefId) == e.Key)).ToDictionary(),
            variables, exported, range: null);
    }

    private async Task<CheckedFigure> CheckAsync(string name, string expression, Expectation expectation, ISet<string> exported)
    {
        var answer = await prometheus.QueryAsync(expression);
        if (answer.Error is { } error)
        {
            return new CheckedFigure(name, false, expectation.ToString()!, $"query failed: {error} ({expression})");
        }

        var valueChecked = expectation.Checks(exported) && expectation is not AnswersWithoutError;
        var mismatch = valueChecked ? expectation.Mismatch(answer.Samples) : null;
        return new CheckedFigure(name, valueChecked, expectation.ToString()!, mismatch is null ? null : $"{mismatch} (answer: {answer})");
    }
}
