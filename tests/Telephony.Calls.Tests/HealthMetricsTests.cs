using Prometheus;
using Telephony.Calls.Metrics;
using Telephony.Media.Pacing;
using Telephony.Sip;

namespace Telephony.Calls.Tests;

/// <summary>The node's process and protocol figures: active calls, SIP by method and class, RTP packets and jitter.</summary>
public sealed class HealthMetricsTests
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();

    private IMetricFactory Factory => Prometheus.Metrics.WithCustomRegistry(_registry);

    [Fact]
    public async Task Every_sip_method_and_class_exists_at_zero_before_any_message()
    {
        _ = new SipTrafficMetrics(Factory);

        var text = await TelephonyMetricsTests.ScrapeAsync(_registry);

        foreach (var method in SipTrafficMetrics.MethodLabels)
        {
            Assert.Contains($"telephony_sip_requests_total{{method=\"{method}\"}} 0", text, StringComparison.Ordinal);
            foreach (var statusClass in SipTrafficMetrics.ClassLabels)
            {
                Assert.Contains($"telephony_sip_responses_total{{method=\"{method}\",class=\"{statusClass}\"}} 0", text, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(100, "1xx")]
    [InlineData(183, "1xx")]
    [InlineData(200, "2xx")]
    [InlineData(302, "3xx")]
    [InlineData(486, "4xx")]
    [InlineData(503, "5xx")]
    [InlineData(603, "6xx")]
    public async Task A_response_counts_under_its_method_and_class(int status, string statusClass)
    {
        ISipTrafficCounter sip = new SipTrafficMetrics(Factory);

        sip.ResponseSent("INVITE", status);

        var text = await TelephonyMetricsTests.ScrapeAsync(_registry);
        Assert.Contains($"telephony_sip_responses_total{{method=\"INVITE\",class=\"{statusClass}\"}} 1", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), line => line.StartsWith("telephony_sip_responses_total{", StringComparison.Ordinal) && line.EndsWith(" 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Methods_outside_the_known_set_count_as_other_so_a_peer_cannot_create_series()
    {
        ISipTrafficCounter sip = new SipTrafficMetrics(Factory);

        sip.RequestReceived("INVITE");
        sip.RequestReceived("ACK");
        sip.RequestReceived("BYE");
        foreach (var odd in new[] { "FROBNICATE", "invite", "X" + new string('A', 300), string.Empty })
        {
            sip.RequestReceived(odd);
            sip.ResponseSent(odd, 501);
        }

        var text = await TelephonyMetricsTests.ScrapeAsync(_registry);
        foreach (var method in new[] { "INVITE", "ACK", "BYE" })
        {
            Assert.Contains($"telephony_sip_requests_total{{method=\"{method}\"}} 1", text, StringComparison.Ordinal);
        }

        Assert.Contains("telephony_sip_requests_total{method=\"other\"} 4", text, StringComparison.Ordinal);
        Assert.Contains("telephony_sip_responses_total{method=\"other\",class=\"5xx\"} 4", text, StringComparison.Ordinal);
        var series = text.Split('\n').Count(line => line.StartsWith("telephony_sip_", StringComparison.Ordinal));
        Assert.Equal(SipTrafficMetrics.MethodLabels.Count * (1 + SipTrafficMetrics.ClassLabels.Count), series);
        Assert.Equal("other", SipTrafficMetrics.MethodLabel(null));
        Assert.Equal("PUBLISH", SipTrafficMetrics.MethodLabel("PUBLISH"));
    }

    [Fact]
    public async Task Rtp_batches_add_up_and_each_jitter_sample_falls_in_its_bucket()
    {
        var rtp = new RtpTrafficMetrics(Factory);

        rtp.Add(sent: 250, received: 248, lost: 2);
        rtp.Add(sent: 50, received: 50, lost: 0);
        rtp.ObserveJitter(TimeSpan.FromMilliseconds(1.5));
        rtp.ObserveJitter(TimeSpan.FromMilliseconds(40));

        var text = await TelephonyMetricsTests.ScrapeAsync(_registry);
        Assert.Contains("telephony_rtp_packets_sent_total 300", text, StringComparison.Ordinal);
        Assert.Contains("telephony_rtp_packets_received_total 298", text, StringComparison.Ordinal);
        Assert.Contains("telephony_rtp_packets_lost_total 2", text, StringComparison.Ordinal);
        Assert.Contains("telephony_rtp_jitter_seconds_bucket{le=\"0.001\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("telephony_rtp_jitter_seconds_bucket{le=\"0.002\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("telephony_rtp_jitter_seconds_bucket{le=\"0.03\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("telephony_rtp_jitter_seconds_bucket{le=\"0.05\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("telephony_rtp_jitter_seconds_count 2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pacing_stalls_exist_at_zero_for_every_cause_and_add_up_by_cause()
    {
        var rtp = new RtpTrafficMetrics(Factory);
        var before = await TelephonyMetricsTests.ScrapeAsync(_registry);
        foreach (var cause in new[] { "gc", "run_queue", "busy", "blocked" })
        {
            Assert.Contains($"telephony_media_pacing_stalls_total{{cause=\"{cause}\"}} 0", before, StringComparison.Ordinal);
        }

        rtp.AddStalls(new PacingStallSummary([3, 0, 5, 1], TimeSpan.FromMilliseconds(40), PacingStallCause.GarbageCollection, DateTimeOffset.UtcNow));
        rtp.AddStalls(new PacingStallSummary([1, 0, 0, 0], TimeSpan.FromMilliseconds(9), PacingStallCause.GarbageCollection, DateTimeOffset.UtcNow));

        var text = await TelephonyMetricsTests.ScrapeAsync(_registry);
        Assert.Contains("telephony_media_pacing_stalls_total{cause=\"gc\"} 4", text, StringComparison.Ordinal);
        Assert.Contains("telephony_media_pacing_stalls_total{cause=\"run_queue\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("telephony_media_pacing_stalls_total{cause=\"busy\"} 5", text, StringComparison.Ordinal);
        Assert.Contains("telephony_media_pacing_stalls_total{cause=\"blocked\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Active_calls_go_up_and_down_with_the_calls()
    {
        var metrics = new TelephonyMetrics(Factory);

        metrics.CallStarted();
        metrics.CallStarted();
        metrics.CallFinished();

        Assert.Contains("telephony_active_calls 1", await TelephonyMetricsTests.ScrapeAsync(_registry), StringComparison.Ordinal);
        metrics.CallFinished();
        Assert.Contains("telephony_active_calls 0", await TelephonyMetricsTests.ScrapeAsync(_registry), StringComparison.Ordinal);
    }
}
