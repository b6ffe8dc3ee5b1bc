using System.Text;
using Prometheus;
using Telephony.Calls.Metrics;

namespace Telephony.Calls.Tests;

public sealed class TelephonyMetricsTests
{
    /// <summary>The registry as Prometheus reads it (text exposition).</summary>
    internal static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task A_declared_line_shows_every_outcome_at_zero_before_any_call()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new TelephonyMetrics(Prometheus.Metrics.WithCustomRegistry(registry));

        metrics.DeclareLine("CNAV", "3960");

        var text = await ScrapeAsync(registry);
        Assert.Contains("telephony_calls_offered_total{network=\"CNAV\",line=\"3960\"} 0", text, StringComparison.Ordinal);
        foreach (var outcome in new[] { "answered_agent", "handled_ivr", "abandoned_ivr", "abandoned_queue", "abandoned_queue_short", "callback_requested", "closed", "saturated" })
        {
            Assert.Contains($"telephony_calls_outcome_total{{network=\"CNAV\",line=\"3960\",outcome=\"{outcome}\"}} 0", text, StringComparison.Ordinal);
        }

        foreach (var score in new[] { "1", "2", "3", "4", "5", "none" })
        {
            Assert.Contains($"telephony_survey_answers_total{{network=\"CNAV\",line=\"3960\",score=\"{score}\"}} 0", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_declared_line_shows_its_survey_scores_and_service_levels_at_zero_before_any_answer()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new TelephonyMetrics(Prometheus.Metrics.WithCustomRegistry(registry));

        metrics.DeclareLine("CNAV", "3960");

        // Prometheus counts nothing for a series born at 1: the first answer of the day would be lost from every window.
        var text = await ScrapeAsync(registry);
        foreach (var score in new[] { "1", "2", "3", "4", "5", "none" })
        {
            Assert.Contains($"telephony_survey_answers_total{{network=\"CNAV\",line=\"3960\",score=\"{score}\"}} 0", text, StringComparison.Ordinal);
        }

        foreach (var threshold in new[] { "20", "60", "120" })
        {
            Assert.Contains($"telephony_calls_answered_within_total{{network=\"CNAV\",line=\"3960\",threshold=\"{threshold}\"}} 0", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_declared_queue_shows_its_wait_and_handle_histograms_at_zero_before_any_call()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new TelephonyMetrics(Prometheus.Metrics.WithCustomRegistry(registry));

        metrics.DeclareQueue("CNAV", "cnav.retraite");

        var text = await ScrapeAsync(registry);
        Assert.Contains("telephony_queue_entered_total{network=\"CNAV\",queue=\"cnav.retraite\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("telephony_queue_wait_seconds_count{network=\"CNAV\",queue=\"cnav.retraite\",result=\"answered\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("telephony_queue_wait_seconds_count{network=\"CNAV\",queue=\"cnav.retraite\",result=\"abandoned\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("telephony_agent_handle_seconds_count{network=\"CNAV\",queue=\"cnav.retraite\"} 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_call_counts_once_under_its_outcome()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new TelephonyMetrics(Prometheus.Metrics.WithCustomRegistry(registry));

        metrics.CallOffered("CAF", "3230");
        metrics.CallOffered("CAF", "3230");
        metrics.CallEnded("CAF", "3230", CallOutcome.HandledIvr);
        metrics.CallEnded("CAF", "3230", CallOutcome.AbandonedQueue);
        metrics.QueueEntered("CAF", "caf.prestations");

        var text = await ScrapeAsync(registry);
        Assert.Contains("telephony_calls_offered_total{network=\"CAF\",line=\"3230\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("telephony_calls_outcome_total{network=\"CAF\",line=\"3230\",outcome=\"handled_ivr\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("telephony_calls_outcome_total{network=\"CAF\",line=\"3230\",outcome=\"abandoned_queue\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("telephony_queue_entered_total{network=\"CAF\",queue=\"caf.prestations\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_outcome_has_the_label_the_dashboards_expect()
    {
        var labels = Enum.GetValues<CallOutcome>().Select(o => o.ToLabel()).ToList();
        Assert.Equal(
            ["answered_agent", "handled_ivr", "abandoned_ivr", "abandoned_queue", "abandoned_queue_short", "callback_requested", "closed", "saturated", "transferred", "dropped"],
            labels);
    }
}
