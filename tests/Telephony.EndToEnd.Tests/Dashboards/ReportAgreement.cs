using System.Globalization;
using System.Net;
using System.Text.Json;
using Telephony.EndToEnd.Tests.Infrastructure;

namespace Telephony.EndToEnd.Tests.Dashboards;

/// <summary>
/// Issue 10's "the report and Prometheus agree for the same calls": today's daily report (from the call records,
/// <c>GET /admin/reports/daily</c>) against the counting rules for today (from the counters), per line and per
/// network. Counts must be equal; rates may differ only by the report's rounding to 4 decimals (ReportPrecision.Rate),
/// never more: both count whole calls of the same Paris day by the same formulas.
/// </summary>
public static class ReportAgreement
{
    /// <summary>Half of the last decimal the report publishes a rate with.</summary>
    public const double RateTolerance = 0.00005;

    private static readonly string[] Thresholds = ["20", "60", "120"];

    /// <summary>Every figure of every line and network row of the report for <paramref name="parisDay"/>, held against the rules.</summary>
    public static async Task<IReadOnlyList<CheckedFigure>> CompareAsync(ServerProcess server, PrometheusApi prometheus, DateOnly parisDay)
    {
        var day = parisDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (status, report) = await server.AdminJsonAsync(HttpMethod.Get, $"/admin/reports/daily?from={day}&to={day}&format=json");
        if (status != HttpStatusCode.OK)
        {
            return [new CheckedFigure($"GET /admin/reports/daily for {day}", false, "200 with the report", $"{(int)status}: {report}")];
        }

        var figures = new List<CheckedFigure>();
        foreach (var level in new[] { "network_line", "network" })
        {
            var rules = await RulesAsync(prometheus, level);
            var rows = report.GetProperty(level == "network" ? "networks" : "lines").EnumerateArray()
                .Where(r => r.GetProperty("day").GetString() == day)
                .ToList();
            foreach (var row in rows)
            {
                var labels = level == "network"
                    ? new[] { ("network", row.GetProperty("network").GetString()!) }
                    : [("network", row.GetProperty("network").GetString()!), ("line", row.GetProperty("line").GetString()!)];
                figures.AddRange(Row(level, labels, row.GetProperty("figures"), rules));
            }

            // The other way round: every line or network Prometheus counted a call for today has its row.
            var reported = rows.Select(r => level == "network"
                ? MixFigures.Key(("network", r.GetProperty("network").GetString()!))
                : MixFigures.Key(("network", r.GetProperty("network").GetString()!), ("line", r.GetProperty("line").GetString()!))).ToHashSet();
            figures.AddRange(rules.Offered.Where(o => o.Value > 0 && !reported.Contains(o.Key)).Select(o =>
                new CheckedFigure($"report {level} {{{o.Key}}}", true, $"a row ({o.Value} calls offered in Prometheus)", "no row in the report")));
        }

        return figures;
    }

    private static IEnumerable<CheckedFigure> Row(string level, (string, string)[] labels, JsonElement row, DayRules rules)
    {
        var key = MixFigures.Key(labels);
        var name = $"report {level} {{{key}}}";
        yield return Count($"{name} offered", row.GetProperty("offered").GetInt64(), Find(rules.Offered, key));
        foreach (var outcome in row.GetProperty("outcomes").EnumerateObject())
        {
            var series = MixFigures.Key([.. labels, ("outcome", outcome.Name)]);
            yield return Count($"{name} outcome {outcome.Name}", outcome.Value.GetInt64(), Find(rules.Outcomes, series));
        }

        foreach (var (property, rate) in new[] { ("agentRate", rules.Agent), ("globalRate", rules.Global) })
        {
            var terms = row.GetProperty(property);
            yield return Count($"{name} {property}.handled", terms.GetProperty("handled").GetInt64(), Find(rate.Handled, key));
            yield return Count($"{name} {property}.required", terms.GetProperty("required").GetInt64(), Find(rate.Required, key));
            yield return Rate($"{name} {property}.rate", Nullable(terms.GetProperty("rate")), Find(rate.Ratio, key));
        }

        var serviceLevel = row.GetProperty("serviceLevel");
        foreach (var threshold in Thresholds)
        {
            var series = MixFigures.Key([.. labels, ("threshold", threshold)]);
            yield return Rate($"{name} serviceLevel {threshold} s", Nullable(serviceLevel.GetProperty(threshold)), Find(rules.ServiceLevel, series));
        }
    }

    private static CheckedFigure Count(string name, long reported, double? counted) =>
        new(name, true, $"{reported} in the report, the same in Prometheus",
            counted == reported ? null : $"Prometheus counts {counted?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}");

    private static CheckedFigure Rate(string name, double? reported, double? computed)
    {
        var text = reported?.ToString(CultureInfo.InvariantCulture) ?? "no rate";
        var agree = (reported, computed) switch
        {
            (null, null) => true,
            ({ } a, { } b) => Math.Abs(a - b) <= RateTolerance,
            _ => false,
        };
        return new(name, true, $"{text} in the report, within {RateTolerance} in Prometheus",
            agree ? null : $"Prometheus computes {computed?.ToString(CultureInfo.InvariantCulture) ?? "no rate"}");
    }

    /// <summary>A series' value, or null when Prometheus has no such series (nothing counted, or no rate).</summary>
    private static double? Find(Dictionary<string, double> series, string key) => series.TryGetValue(key, out var value) ? value : null;

    private static double? Nullable(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();

    private static async Task<DayRules> RulesAsync(PrometheusApi prometheus, string level)
    {
        var byThreshold = level == "network" ? "network_threshold" : "network_line_threshold";
        return new DayRules(
            await SeriesAsync(prometheus, $"sum by ({Labels(level)}) (network_line:telephony_calls_offered:today)"),
            await SeriesAsync(prometheus, $"sum by ({Labels(level)}, outcome) (network_line_outcome:telephony_calls_outcome:today)"),
            new RateRules(
                await SeriesAsync(prometheus, $"{level}:telephony_calls_agent_handled:today"),
                await SeriesAsync(prometheus, $"{level}:telephony_calls_agent_required:today"),
                await SeriesAsync(prometheus, $"{level}:telephony_agent_pickup_ratio:today")),
            new RateRules(
                await SeriesAsync(prometheus, $"{level}:telephony_calls_global_handled:today"),
                await SeriesAsync(prometheus, $"{level}:telephony_calls_global_required:today"),
                await SeriesAsync(prometheus, $"{level}:telephony_global_pickup_ratio:today")),
            await SeriesAsync(prometheus, $"{byThreshold}:telephony_service_level_ratio:today"));
    }

    private static string Labels(string level) => level == "network" ? "network" : "network, line";

    private static async Task<Dictionary<string, double>> SeriesAsync(PrometheusApi prometheus, string expression)
    {
        var answer = await prometheus.QueryAsync(expression);
        return answer.Error is { } error
            ? throw new InvalidOperationException($"{expression}: {error}")
            : answer.Samples.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
    }

    private sealed record RateRules(Dictionary<string, double> Handled, Dictionary<string, double> Required, Dictionary<string, double> Ratio);

    private sealed record DayRules(
        Dictionary<string, double> Offered, Dictionary<string, double> Outcomes, RateRules Agent, RateRules Global, Dictionary<string, double> ServiceLevel);
}
