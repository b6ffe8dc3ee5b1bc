using Telephony.Dashboards.Tests.Support;

namespace Telephony.Dashboards.Tests;

/// <summary>dashboards/README.md: the counting reference and the one list of metrics.</summary>
public sealed class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(RepositoryPaths.Readme);

    /// <summary>The metrics of issues 10, 12 and 13 (and telephony_line_open, which gates the 85 % alert), with their labels.</summary>
    public static TheoryData<string, string> Metrics() => new()
    {
        { "telephony_calls_offered_total", "network,line" },
        { "telephony_calls_outcome_total", "network,line,outcome" },
        { "telephony_calls_answered_within_total", "network,line,threshold" },
        { "telephony_line_open", "network,line" },
        { "telephony_queue_entered_total", "network,queue" },
        { "telephony_queue_waiting_calls", "network,queue" },
        { "telephony_queue_longest_wait_seconds", "network,queue" },
        { "telephony_agents", "queue,state" },
        { "telephony_queue_wait_seconds", "network,queue,result" },
        { "telephony_agent_handle_seconds", "network,queue" },
        { "telephony_survey_answers_total", "network,line,score" },
        { "telephony_callbacks_total", "network,line,result" },
        { "telephony_callback_attempts_total", "network,line,result" },
        { "telephony_callback_completion_seconds", "network,line" },
        { "telephony_callbacks_pending", "network,line" },
        { "telephony_appointments_total", "network,line,result" },
        { "telephony_sms_total", "network,kind,result" },
        { "telephony_active_calls", "" },
        { "telephony_sip_requests_total", "method" },
        { "telephony_sip_responses_total", "method,class" },
        { "telephony_sip_bans_total", "reason" },
        { "telephony_sip_refused_total", "reason" },
        { "telephony_rtp_packets_sent_total", "" },
        { "telephony_rtp_packets_received_total", "" },
        { "telephony_rtp_packets_lost_total", "" },
        { "telephony_rtp_jitter_seconds", "" },
        { "telephony_calls_rejected_total", "status" },
        { "telephony_media_errors_total", "component" },
        { "telephony_speech_enabled", "problem" },
        { "telephony_speech_attempts_total", "network,line" },
        { "telephony_speech_matches_total", "network,line" },
        { "telephony_speech_nomatch_total", "network,line,reason" },
        { "telephony_speech_keypad_fallbacks_total", "network,line" },
        { "telephony_speech_latency_seconds", "network,line" },
    };

    [Theory]
    [MemberData(nameof(Metrics))]
    public void The_metric_table_lists_each_metric_with_its_labels(string metric, string labels)
    {
        var catalogue = MetricCatalogue.FromReadme();
        Assert.True(catalogue.Metrics.TryGetValue(metric, out var listed), $"{metric} is not in the README's metric table");
        Assert.Equal(labels, string.Join(',', listed.Labels));
    }

    [Fact]
    public void No_label_carries_a_phone_number_a_call_id_or_an_agent_name()
    {
        var forbidden = new[] { "number", "phone", "caller", "call_id", "callid", "agent", "agent_name", "username", "user" };
        var catalogue = MetricCatalogue.FromReadme();
        Assert.True(catalogue.Metrics.Count >= 20, $"only {catalogue.Metrics.Count} metrics parsed from the table");
        foreach (var (metric, (_, labels)) in catalogue.Metrics)
        {
            Assert.DoesNotContain(labels, l => forbidden.Contains(l, StringComparer.Ordinal));
            Assert.True(metric.EndsWith("_total", StringComparison.Ordinal) == (catalogue.Metrics[metric].Type == "counter"), $"{metric}: counters, and only they, end in _total");
        }
    }

    [Fact]
    public void Says_how_we_count_in_french_and_in_english()
    {
        var french = Readme.IndexOf("\n## Comment nous comptons", StringComparison.Ordinal);
        var english = Readme.IndexOf("\n## How we count", StringComparison.Ordinal);
        Assert.True(french > 0 && english > french, "a French section, then an English one");
        var frenchPart = Readme[french..english];
        var englishPart = Readme[english..];
        foreach (var part in new[] { frenchPart, englishPart })
        {
            Assert.Contains("(A + Rc) / (A + AQ + S + D + Rc + Rf)", part, StringComparison.Ordinal);
            Assert.Contains("(A + H + Rc) / (A + H + AI + AQ + S + D + Rc + Rf)", part, StringComparison.Ordinal);
            Assert.Contains("Metrics:ShortAbandonThresholdSeconds", part, StringComparison.Ordinal);
            Assert.Contains("https://www.plus.transformation.gouv.fr/engagement/6", part, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Documents_every_alert_and_every_other_official_rule()
    {
        foreach (var rule in RuleFiles.All().Where(r => r.Alert is not null || r.File == "variants.yml"))
        {
            Assert.Contains($"`{rule.Name}`", Readme, StringComparison.Ordinal);
        }
    }
}
