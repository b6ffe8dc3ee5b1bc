using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Telephony.Calls.Metrics;
using Telephony.Ivr;

namespace Telephony.Calls.Tests;

/// <summary><c>telephony_line_open</c> against CNAV 3960's hours (Monday to Friday 08:00-17:00 Paris, holidays closed).</summary>
public sealed class LineOpenGaugeTests
{
    private static readonly IvrScriptSet Shipped = IvrScriptSet.LoadDirectory(RepositoryRoot.IvrScripts);
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset AMondayEveningAfterChristmas = new(2026, 12, 28, 18, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Christmas = new(2026, 12, 25, 10, 0, 0, TimeSpan.FromHours(1));

    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly InMemoryLineOverrides _overrides = new();

    [Theory]
    [InlineData("2026-12-07T10:00:00+01:00", 1)] // Monday, within the hours
    [InlineData("2026-12-07T18:00:00+01:00", 0)] // Monday, after 17:00
    [InlineData("2026-12-06T10:00:00+01:00", 0)] // Sunday
    [InlineData("2026-12-25T10:00:00+01:00", 0)] // Christmas, a public holiday on a Friday
    [InlineData("2026-12-24T10:00:00+01:00", 0)] // the script's own closure
    public async Task The_gauge_follows_the_opening_hours_and_holidays(string at, int open)
    {
        var gauge = new LineOpenGauge(Prometheus.Metrics.WithCustomRegistry(_registry), new FakeTimeProvider(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

        gauge.Refresh(Shipped, new IvrSessionOptions { Overrides = _overrides });

        Assert.Equal(open, await CnavAsync());
    }

    [Fact]
    public async Task An_operator_override_wins_over_the_hours_and_ends_at_its_until()
    {
        var clock = new FakeTimeProvider(MondayMorning);
        var gauge = new LineOpenGauge(Prometheus.Metrics.WithCustomRegistry(_registry), clock);
        var options = new IvrSessionOptions { Overrides = _overrides, ForceOpen = true };

        _overrides.Set("cnav", new LineOverride(LineOverrideKind.ForcedClosed, "grève", MondayMorning.AddHours(2)));
        gauge.Refresh(Shipped, options);
        Assert.Equal(0, await CnavAsync()); // forced closed beats even Ivr:ForceOpen, as for a call

        clock.SetUtcNow(MondayMorning.AddHours(3));
        gauge.Refresh(Shipped, options);
        Assert.Equal(1, await CnavAsync());

        _overrides.Set("cnav", new LineOverride(LineOverrideKind.ForcedOpen, "permanence", null));
        clock.SetUtcNow(Christmas);
        gauge.Refresh(Shipped, options with { ForceOpen = false });
        Assert.Equal(1, await CnavAsync());

        _overrides.Clear("cnav");
        clock.SetUtcNow(AMondayEveningAfterChristmas);
        gauge.Refresh(Shipped, options with { ForceOpen = false });
        Assert.Equal(0, await CnavAsync());
    }

    [Fact]
    public async Task Every_line_has_its_series_and_a_line_gone_after_a_reload_loses_it()
    {
        var gauge = new LineOpenGauge(Prometheus.Metrics.WithCustomRegistry(_registry), new FakeTimeProvider(MondayMorning));
        gauge.Refresh(Shipped, new IvrSessionOptions { Overrides = _overrides });
        var text = await TelephonyMetricsTests.ScrapeAsync(_registry);
        foreach (var script in Shipped.Scripts)
        {
            Assert.Contains($"telephony_line_open{{network=\"{script.Network}\",line=\"{script.LineLabel}\"}}", text, StringComparison.Ordinal);
        }

        var onlyCaf = Directory.CreateTempSubdirectory("line-open-");
        try
        {
            File.Copy(Path.Combine(RepositoryRoot.IvrScripts, "queues.yaml"), Path.Combine(onlyCaf.FullName, "queues.yaml"));
            File.Copy(Path.Combine(RepositoryRoot.IvrScripts, "caf.yaml"), Path.Combine(onlyCaf.FullName, "caf.yaml"));
            gauge.Refresh(IvrScriptSet.LoadDirectory(onlyCaf.FullName, new IvrLoadOptions { RequirePromptFiles = false }), new IvrSessionOptions());
        }
        finally
        {
            onlyCaf.Delete(recursive: true);
        }

        text = await TelephonyMetricsTests.ScrapeAsync(_registry);
        Assert.Contains("telephony_line_open{network=\"CAF\",line=\"3230\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("network=\"CNAV\"", text, StringComparison.Ordinal);
    }

    private async Task<int> CnavAsync()
    {
        var text = await TelephonyMetricsTests.ScrapeAsync(_registry);
        var line = text.Split('\n').Single(l => l.StartsWith("telephony_line_open{network=\"CNAV\",line=\"3960\"}", StringComparison.Ordinal));
        return int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
