namespace Telephony.EndToEnd.Tests.Dashboards;

/// <summary>
/// The series a query should answer for the calls placed, per line, network or queue: the building blocks of the
/// rule and panel tables. A figure with no value (null: nothing in its denominator) is a series that must be absent.
/// </summary>
public sealed class MixFigures(IReadOnlyList<LineCalls> lines, IReadOnlyList<QueueCalls> queues)
{
    public IReadOnlyList<LineCalls> Lines { get; } = lines;

    public IReadOnlyList<QueueCalls> Queues { get; } = queues;

    public IReadOnlyList<LineCalls> Networks { get; } =
        lines.Select(l => l.Network).Distinct().Select(n => LineCalls.SumOf(n, lines)).ToList();

    public static string Key(params (string Label, string Value)[] labels) =>
        string.Join(",", labels.OrderBy(l => l.Label, StringComparer.Ordinal).Select(l => $"{l.Label}={l.Value}"));

    public SeriesValues PerLine(Func<LineCalls, double?> figure) =>
        Of(Lines.Select(l => (Key(("network", l.Network), ("line", l.Line)), figure(l))));

    /// <summary>Per line and per value of <paramref name="label"/> (outcome, threshold, score, result).</summary>
    public SeriesValues PerLineAnd<T>(string label, IEnumerable<T> values, Func<LineCalls, T, double?> figure) =>
        Of(Lines.SelectMany(l => values.Select(v => (Key(("network", l.Network), ("line", l.Line), (label, Text(v))), figure(l, v)))));

    public SeriesValues PerNetwork(Func<LineCalls, double?> figure) =>
        Of(Networks.Select(n => (Key(("network", n.Network)), figure(n))));

    public SeriesValues PerNetworkAnd<T>(string label, IEnumerable<T> values, Func<LineCalls, T, double?> figure) =>
        Of(Networks.SelectMany(n => values.Select(v => (Key(("network", n.Network), (label, Text(v))), figure(n, v)))));

    /// <summary>Summed over every line of the selection, by one label (a bar gauge "by outcome", "by score").</summary>
    public SeriesValues SummedBy<T>(string label, IEnumerable<T> values, Func<LineCalls, T, int> figure) =>
        Of(values.Select(v => (Key((label, Text(v))), (double?)Lines.Sum(l => figure(l, v)))));

    public SeriesValues PerQueue(Func<QueueCalls, double?> figure, Func<double, ExpectedValue>? expected = null) =>
        Of(Queues.Select(q => (Key(("network", q.Network), ("queue", q.Queue)), figure(q))), expected);

    /// <summary>The expected series of the per-queue figures that keep the queue only (telephony_agents has no network label).</summary>
    public SeriesValues PerQueueOnly(Func<QueueCalls, double?> figure) =>
        Of(Queues.Select(q => (Key(("queue", q.Queue)), figure(q))));

    public SeriesValues PerQueueAnd<T>(string label, IEnumerable<T> values, Func<QueueCalls, T, double?> figure, bool withNetwork = true) =>
        Of(Queues.SelectMany(q => values.Select(v => (
            withNetwork ? Key(("network", q.Network), ("queue", q.Queue), (label, Text(v))) : Key(("queue", q.Queue), (label, Text(v))),
            figure(q, v)))));

    public static SeriesValues Single(double value) => Of([(string.Empty, value)]);

    public static SeriesValues Of(IEnumerable<(string Key, double? Value)> figures, Func<double, ExpectedValue>? expected = null) =>
        new(figures.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => (expected ?? ExpectedValue.Exactly)(f.Value!.Value), StringComparer.Ordinal));

    /// <summary>An increase() over 1 h the samples fill only a few minutes of: extrapolated a little past the last sample.</summary>
    public static ExpectedValue Extrapolated(double count) => ExpectedValue.About(count, 0.05);

    private static string Text<T>(T value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
}
