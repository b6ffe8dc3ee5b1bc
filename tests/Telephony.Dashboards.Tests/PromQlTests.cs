using Telephony.Dashboards.Tests.Support;

namespace Telephony.Dashboards.Tests;

/// <summary>The metric-name extraction the rule and dashboard checks rely on.</summary>
public sealed class PromQlTests
{
    [Fact]
    public void Lists_series_not_functions_keywords_label_names_or_durations()
    {
        const string expression = """
            sum by (network, line) (
                network_line_outcome:telephony_calls_outcome:today{outcome=~"answered_agent|dropped"}
              or 0 * network_line:telephony_calls_offered:today
            )
              / on (network) group_left (paris_day) (histogram_quantile(0.9, rate(telephony_queue_wait_seconds_bucket{le="20"}[5m] offset 1m)) > bool 0)
              + max_over_time(up{job="telephony"}[1h:5m]) + month(vector(time()))
              unless label_replace(x_total, "a", "$1", "b", "(.*)")
            """;
        Assert.Equal(
            ["network_line:telephony_calls_offered:today", "network_line_outcome:telephony_calls_outcome:today", "telephony_queue_wait_seconds_bucket", "up", "x_total"],
            PromQl.MetricNames(expression));
    }

    [Fact]
    public void Lists_grafana_variables_and_rejects_unbalanced_brackets()
    {
        Assert.Equal(["__rate_interval", "line", "network"], PromQl.GrafanaVariables("rate(x{network=~\"$network\", line=~\"${line}\"}[$__rate_interval])"));
        Assert.Throws<FormatException>(() => PromQl.MetricNames("sum(rate(x[5m])"));
        Assert.Throws<FormatException>(() => PromQl.MetricNames("x{a=\"b}"));
    }
}
