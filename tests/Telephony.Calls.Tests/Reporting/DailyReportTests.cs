using System.Text.Json;
using Telephony.Calls.Reporting;
using Telephony.Storage;

namespace Telephony.Calls.Tests.Reporting;

public sealed class DailyReportTests
{
    private static readonly DateOnly December1 = new(2026, 12, 1);

    // Paris is UTC+1 in December: 1 December starts at 30 November 23:00 UTC.
    private static readonly DateTimeOffset December1Start = new(2026, 11, 30, 23, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Hours_add_up_into_Paris_days_and_the_hours_outside_the_range_are_left_out()
    {
        var report = DailyReport.Build(
            [
                Hour("CNAV", "3960", December1Start.AddHours(-1), "answered_agent", 5),
                Hour("CNAV", "3960", December1Start, "answered_agent", 1),
                Hour("CNAV", "3960", December1Start.AddHours(23), "answered_agent", 2),
                Hour("CNAV", "3960", December1Start.AddHours(24), "answered_agent", 4),
                Hour("CNAV", "3960", December1Start.AddHours(48), "answered_agent", 8),
            ],
            December1,
            December1.AddDays(1));

        Assert.Equal([(December1, 3L), (December1.AddDays(1), 4L)], report.Lines.Select(r => (r.From, r.Figures.Offered)));
    }

    [Fact]
    public void The_23_hour_day_of_summer_time_ends_at_22_00_UTC()
    {
        var day = new DateOnly(2026, 3, 29);
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), ParisDays.StartUtc(day));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), ParisDays.StartUtc(day.AddDays(1)));
        Assert.Equal(day, ParisDays.DayOf(new DateTimeOffset(2026, 3, 29, 21, 59, 59, TimeSpan.Zero)));
        Assert.Equal(day.AddDays(1), ParisDays.DayOf(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Each_line_day_has_its_outcomes_rates_service_level_wait_and_satisfaction_and_networks_add_their_lines_up()
    {
        var report = SampleReport();

        var cnav = Assert.Single(report.Lines, r => r.Line == "3960");
        Assert.Equal(8, cnav.Figures.Offered);
        Assert.Equal(0.75, cnav.Figures.AgentRate);
        Assert.Equal(4.0 / 6, cnav.Figures.GlobalRate);
        Assert.Equal(0.5, cnav.Figures.ServiceLevel20);
        Assert.Equal(0.5, cnav.Figures.ServiceLevel120);
        Assert.Equal(50, cnav.Figures.AverageWaitSeconds);
        Assert.Equal(4.5, cnav.Figures.SatisfactionAverage);

        var network = Assert.Single(report.Networks, r => r.Network == "CNAV");
        Assert.Null(network.Line);
        Assert.Equal(9, network.Figures.Offered);
        Assert.Equal(3.0 / 5, network.Figures.AgentRate);
        var total = Assert.Single(report.NetworkTotals, r => r.Network == "CNAV");
        Assert.Equal((December1, December1.AddDays(6)), (total.From, total.To));
        Assert.Equal(9, total.Figures.Offered);
    }

    [Fact]
    public void The_CSV_has_one_header_then_lines_networks_and_totals_with_empty_fields_for_no_rate()
    {
        var lines = DailyReportCsv.Write(SampleReport()).Split("\r\n");

        Assert.Equal(
            "level,network,line,from,to,offered,answered_agent,handled_ivr,abandoned_ivr,abandoned_queue,abandoned_queue_short,callback_requested,closed,saturated,transferred,dropped,"
            + "agent_handled,agent_required,agent_rate,global_handled,global_required,global_rate,service_level_20s,service_level_60s,service_level_120s,average_wait_seconds,satisfaction_average,satisfaction_answers",
            lines[0]);
        Assert.Equal("line,CNAV,3960,2026-12-01,2026-12-01,8,3,1,1,1,1,1,0,0,0,0,3,4,0.75,4,6,0.6667,0.5,0.5,0.5,50,4.5,2", lines[1]);
        Assert.Equal("line,CNAV,3961,2026-12-01,2026-12-01,1,0,0,0,0,0,0,0,0,0,1,0,1,0,0,1,0,,,,,,0", lines[2]);
        Assert.Equal("line,CPAM,3646,2026-12-02,2026-12-02,2,0,0,0,0,0,0,2,0,0,0,0,0,,0,0,,,,,,,0", lines[3]);
        Assert.StartsWith("network,CNAV,,2026-12-01,2026-12-01,9,", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("network,CPAM,,2026-12-02,2026-12-02,2,", lines[5], StringComparison.Ordinal);
        Assert.StartsWith("network_total,CNAV,,2026-12-01,2026-12-07,9,", lines[6], StringComparison.Ordinal);
        Assert.StartsWith("network_total,CPAM,,2026-12-01,2026-12-07,2,", lines[7], StringComparison.Ordinal);
        Assert.Equal("", lines[8]);
        Assert.Equal(9, lines.Length);
        Assert.All(lines[1..8], l => Assert.Equal(lines[0].Count(c => c == ','), l.Count(c => c == ',')));
    }

    [Fact]
    public void A_field_with_a_comma_or_a_quote_is_quoted()
    {
        Assert.Equal("\"a,b\"", CsvText.Quote("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", CsvText.Quote("say \"hi\""));
        Assert.Equal("plain", CsvText.Quote("plain"));
    }

    [Fact]
    public void The_JSON_gives_the_range_the_definitions_and_each_figure_with_its_terms_and_null_for_no_rate()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(DailyReportJson.Of(SampleReport()), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var root = json.RootElement;

        Assert.Equal("2026-12-01", root.GetProperty("from").GetString());
        Assert.Equal("2026-12-07", root.GetProperty("to").GetString());
        Assert.Equal("Europe/Paris", root.GetProperty("timeZone").GetString());
        Assert.Equal("dashboards/README.md", root.GetProperty("definitions").GetString());
        var line = root.GetProperty("lines")[0];
        Assert.Equal(("CNAV", "3960", "2026-12-01"), (line.GetProperty("network").GetString(), line.GetProperty("line").GetString(), line.GetProperty("day").GetString()));
        var figures = line.GetProperty("figures");
        Assert.Equal(8, figures.GetProperty("offered").GetInt64());
        Assert.Equal(
            ["answered_agent", "handled_ivr", "abandoned_ivr", "abandoned_queue", "abandoned_queue_short", "callback_requested", "closed", "saturated", "transferred", "dropped"],
            figures.GetProperty("outcomes").EnumerateObject().Select(p => p.Name));
        Assert.Equal((3, 4, 0.75), (figures.GetProperty("agentRate").GetProperty("handled").GetInt64(), figures.GetProperty("agentRate").GetProperty("required").GetInt64(), figures.GetProperty("agentRate").GetProperty("rate").GetDouble()));
        Assert.Equal(0.6667, figures.GetProperty("globalRate").GetProperty("rate").GetDouble());
        Assert.Equal(0.5, figures.GetProperty("serviceLevel").GetProperty("20").GetDouble());
        Assert.Equal(50, figures.GetProperty("averageWaitSeconds").GetDouble());
        Assert.Equal((4.5, 2), (figures.GetProperty("satisfaction").GetProperty("average").GetDouble(), figures.GetProperty("satisfaction").GetProperty("answers").GetInt64()));

        var cpam = root.GetProperty("lines")[2].GetProperty("figures");
        Assert.Equal(JsonValueKind.Null, cpam.GetProperty("agentRate").GetProperty("rate").ValueKind);
        Assert.Equal(JsonValueKind.Null, cpam.GetProperty("averageWaitSeconds").ValueKind);
        Assert.Equal(2, root.GetProperty("networks").GetArrayLength());
        Assert.Equal("2026-12-07", root.GetProperty("totals")[0].GetProperty("to").GetString());
    }

    /// <summary>
    /// CNAV 3960 on 1 December: A 3 (waits 10, 20 and 140 s; scores 4 and 5), H 1, AI 1, AQ 1 (wait 30 s), AQS 1 (3 s),
    /// CB 1; CNAV 3961 the same day: D 1; CPAM 3646 on 2 December: C 2. On 3960: agent rate 3/4, global 4/6, service
    /// level 2/4 at each threshold, average wait 200/4 s.
    /// </summary>
    internal static DailyReport SampleReport()
    {
        var morning = December1Start.AddHours(9);
        return DailyReport.Build(
            [
                new CallHourCounts("CNAV", "3960", morning, "answered_agent", 3, 2, 2, 2, 3, 170, 2, 9),
                new CallHourCounts("CNAV", "3960", morning, "abandoned_queue", 1, 1, 1, 1, 1, 30, 0, 0),
                new CallHourCounts("CNAV", "3960", morning.AddHours(1), "abandoned_queue_short", 1, 1, 1, 1, 1, 3, 0, 0),
                Hour("CNAV", "3960", morning, "handled_ivr", 1),
                Hour("CNAV", "3960", morning, "abandoned_ivr", 1),
                Hour("CNAV", "3960", morning, "callback_requested", 1),
                Hour("CNAV", "3961", morning, "dropped", 1),
                Hour("CPAM", "3646", morning.AddDays(1), "closed", 2),
            ],
            December1,
            December1.AddDays(6));
    }

    private static CallHourCounts Hour(string network, string line, DateTimeOffset hour, string outcome, long calls) =>
        new(network, line, hour, outcome, calls, 0, 0, 0, 0, 0, 0, 0);
}
