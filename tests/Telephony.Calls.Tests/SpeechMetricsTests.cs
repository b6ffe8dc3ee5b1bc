using Telephony.Calls.Metrics;
using Telephony.Speech;
using Telephony.Speech.Intent;
using Telephony.Speech.Metrics;

namespace Telephony.Calls.Tests;

/// <summary>Speech's Prometheus series: per line, at zero once declared, the latency histogram, the DTMF-only gauge.</summary>
public sealed class SpeechMetricsTests
{
    private static readonly SpeechLine Cnav = new("CNAV", "3960");

    [Fact]
    public async Task A_declared_line_starts_at_zero_and_counts_attempts_matches_no_matches_fallbacks_and_latency()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new SpeechMetrics(Prometheus.Metrics.WithCustomRegistry(registry));
        metrics.DeclareLine("CNAV", "3960");
        var before = await TelephonyMetricsTests.ScrapeAsync(registry);
        Assert.Contains("telephony_speech_matches_total{network=\"CNAV\",line=\"3960\"} 0", before, StringComparison.Ordinal);
        Assert.Contains("telephony_speech_keypad_fallbacks_total{network=\"CNAV\",line=\"3960\"} 0", before, StringComparison.Ordinal);
        Assert.Contains("telephony_speech_nomatch_total{network=\"CNAV\",line=\"3960\",reason=\"unknown\"} 0", before, StringComparison.Ordinal);

        metrics.Attempt(Cnav);
        metrics.Matched(Cnav, TimeSpan.FromMilliseconds(180));
        metrics.Attempt(Cnav);
        metrics.NotMatched(Cnav, NoMatchReason.LowConfidence, TimeSpan.FromMilliseconds(900));
        metrics.KeypadFallback(Cnav);

        var text = await TelephonyMetricsTests.ScrapeAsync(registry);
        Assert.Contains("telephony_speech_attempts_total{network=\"CNAV\",line=\"3960\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("telephony_speech_matches_total{network=\"CNAV\",line=\"3960\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("telephony_speech_nomatch_total{network=\"CNAV\",line=\"3960\",reason=\"low_confidence\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("telephony_speech_keypad_fallbacks_total{network=\"CNAV\",line=\"3960\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("telephony_speech_latency_seconds_count{network=\"CNAV\",line=\"3960\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("telephony_speech_latency_seconds_bucket{network=\"CNAV\",line=\"3960\",le=\"0.2\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gauge_is_0_with_the_problem_when_DTMF_only_and_1_with_none_when_speech_is_on()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new SpeechMetrics(Prometheus.Metrics.WithCustomRegistry(registry));

        metrics.SetAvailability(new SpeechAvailability(true, false, "no model: DTMF only") { Problem = SpeechProblem.NoModelConfigured });
        Assert.Contains("telephony_speech_enabled{problem=\"no_model_configured\"} 0", await TelephonyMetricsTests.ScrapeAsync(registry), StringComparison.Ordinal);

        var other = Prometheus.Metrics.NewCustomRegistry();
        new SpeechMetrics(Prometheus.Metrics.WithCustomRegistry(other)).SetAvailability(new SpeechAvailability(true, true, "on"));
        Assert.Contains("telephony_speech_enabled{problem=\"none\"} 1", await TelephonyMetricsTests.ScrapeAsync(other), StringComparison.Ordinal);
    }
}
