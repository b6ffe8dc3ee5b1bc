using System.Globalization;
using Telephony.EndToEnd.Tests.Infrastructure;

namespace Telephony.EndToEnd.Tests.Dashboards;

/// <summary>An expected value: a closed interval, so that exact figures, extrapolated ones and measured times read alike.</summary>
public sealed record ExpectedValue(double Low, double High, string Text)
{
    /// <summary>A figure the mix fixes: a count, or a ratio of counts (float rounding aside).</summary>
    public static ExpectedValue Exactly(double value) => new(value - Slack(value), value + Slack(value), Number(value));

    /// <summary>An increase() over a window the series does not fill: Prometheus extrapolates a little past the samples.</summary>
    public static ExpectedValue About(double value, double relative) =>
        new(value * (1 - relative), value * (1 + relative), $"{Number(value)} ± {relative:P0}");

    public static ExpectedValue Between(double low, double high) => new(low, high, $"[{Number(low)}, {Number(high)}]");

    public static ExpectedValue AtLeast(double low) => new(low, double.MaxValue, $"≥ {Number(low)}");

    /// <summary>NaN is in no interval: a panel showing NaN is wrong whatever the figure.</summary>
    public bool Holds(double value) => value >= Low && value <= High;

    public override string ToString() => Text;

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static double Slack(double value) => 1e-9 * Math.Max(1, Math.Abs(value));
}

/// <summary>What a query should answer, and what differs when it does not.</summary>
public abstract record Expectation
{
    /// <summary>When the figure can be checked: false for one that waits on a metric the server does not export yet.</summary>
    public virtual bool Checks(ISet<string> exportedMetrics) => true;

    /// <summary>Null when <paramref name="samples"/> is what was expected, else what is wrong, in words.</summary>
    public abstract string? Mismatch(IReadOnlyList<PrometheusSample> samples);
}

/// <summary>
/// These series (by <see cref="PrometheusSample.Key"/>), each with its value, none missing; no other series, unless
/// <paramref name="Others"/> says what any other one may show (e.g. SIP methods the mix did not name).
/// </summary>
public sealed record SeriesValues(IReadOnlyDictionary<string, ExpectedValue> Series, ExpectedValue? Others = null) : Expectation
{
    /// <summary>"No data": the figure has nothing to show (a rate with nothing in its denominator).</summary>
    public static SeriesValues None { get; } = new(new Dictionary<string, ExpectedValue>());

    public override string? Mismatch(IReadOnlyList<PrometheusSample> samples)
    {
        var problems = new List<string>();
        var found = samples.GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (key, expected) in Series)
        {
            if (!found.TryGetValue(key, out var series))
            {
                problems.Add($"{{{key}}} missing (expected {expected})");
            }
            else if (series.Count > 1 || !expected.Holds(series[0].Value))
            {
                problems.Add($"{{{key}}} = {string.Join(" and ", series.Select(s => s.Value.ToString(CultureInfo.InvariantCulture)))}, expected {expected}");
            }
        }

        problems.AddRange(found.Keys
            .Where(key => !Series.ContainsKey(key) && !found[key].All(s => Others?.Holds(s.Value) == true))
            .Select(key => $"{{{key}}} not expected ({found[key][0].Value.ToString(CultureInfo.InvariantCulture)}{(Others is null ? "" : $", others {Others}")})"));
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    public override string ToString() => Series.Count == 0 && Others is null ? "no data"
        : string.Join(", ", Series.Select(s => $"{{{s.Key}}} {s.Value}")) + (Others is null ? "" : $", any other {Others}");
}

/// <summary>Any series, each meeting a condition (series that depend on timing, e.g. the last minute's delta).</summary>
public sealed record EverySeries(string Condition, Func<PrometheusSample, bool> Holds, bool AtLeastOne = false) : Expectation
{
    public override string? Mismatch(IReadOnlyList<PrometheusSample> samples)
    {
        var wrong = samples.Where(s => !Holds(s)).ToList();
        return wrong.Count > 0 ? $"{string.Join(", ", wrong)}: expected {Condition}"
            : AtLeastOne && samples.Count == 0 ? $"no data, expected {Condition}"
            : null;
    }

    public override string ToString() => Condition;
}

/// <summary>Only that the query answers without an error, with the reason its figure is not checked.</summary>
public sealed record AnswersWithoutError(string Why) : Expectation
{
    public override string? Mismatch(IReadOnlyList<PrometheusSample> samples) => null;

    public override string ToString() => $"no error ({Why})";
}

/// <summary>
/// A figure read from a metric the server does not export yet (dashboards/README.md, « to export »): only "no
/// error" until the metric appears in Prometheus, then <paramref name="Inner"/>, so the check starts by itself.
/// </summary>
public sealed record OnceExported(string Metric, Expectation Inner) : Expectation
{
    public override bool Checks(ISet<string> exportedMetrics) => exportedMetrics.Contains(Metric);

    public override string? Mismatch(IReadOnlyList<PrometheusSample> samples) => Inner.Mismatch(samples);

    public override string ToString() => $"{Inner} once {Metric} is exported";
}
