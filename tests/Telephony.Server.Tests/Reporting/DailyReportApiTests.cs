using System.Net;
using System.Text.Json;

namespace Telephony.Server.Tests.Reporting;

public sealed class DailyReportApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset December2Morning = new(2026, 12, 2, 8, 30, 0, TimeSpan.Zero);
    private ReportsUnderTest _api = null!;

    public async Task InitializeAsync() => _api = await ReportsUnderTest.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task The_report_needs_the_admin_key()
    {
        using var response = await _api.GetAsync("/admin/reports/daily?from=2026-12-01&to=2026-12-07", withKey: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("to=2026-12-07", "from", "'from' is required")]
    [InlineData("from=2026-12-01", "to", "'to' is required")]
    [InlineData("from=2026-13-01&to=2026-12-07", "from", "'from' must be a date as yyyy-MM-dd")]
    [InlineData("from=01/12/2026&to=2026-12-07", "from", "'from' must be a date as yyyy-MM-dd")]
    [InlineData("from=2026-12-01&to=tomorrow", "to", "'to' must be a date")]
    [InlineData("from=2026-12-08&to=2026-12-07", "to", "'to' must not be before from (2026-12-08)")]
    [InlineData("from=2025-12-01&to=2026-12-07", "to", "a report covers at most 366 days")]
    [InlineData("from=2026-12-01&to=2026-12-07&format=xlsx", "format", "'format' must be json or csv")]
    public async Task A_bad_range_or_format_is_a_400_naming_the_parameter(string query, string field, string message)
    {
        using var response = await _api.GetAsync("/admin/reports/daily?" + query);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.Contains(message, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_year_leap_day_included_is_one_report()
    {
        using var response = await _api.GetAsync("/admin/reports/daily?from=2027-03-01&to=2028-02-29");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_JSON_report_counts_the_stored_calls_per_line_and_day_in_Paris_time()
    {
        await _api.AddAsync("answered_agent", December2Morning, wait: 15, score: 5);
        await _api.AddAsync("answered_agent", December2Morning, wait: 75);
        await _api.AddAsync("abandoned_queue", December2Morning, wait: 40);
        await _api.AddAsync("handled_ivr", December2Morning);
        await _api.AddAsync("abandoned_ivr", December2Morning);
        // 23:30 UTC on 2 December is 00:30 on 3 December in Paris.
        await _api.AddAsync("closed", new DateTimeOffset(2026, 12, 2, 23, 30, 0, TimeSpan.Zero));

        using var response = await _api.GetAsync("/admin/reports/daily?from=2026-12-01&to=2026-12-07");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var lines = body.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["2026-12-02", "2026-12-03"], lines.Select(l => l.GetProperty("day").GetString()));
        var day = lines[0].GetProperty("figures");
        Assert.Equal(5, day.GetProperty("offered").GetInt64());
        Assert.Equal(2.0 / 3, day.GetProperty("agentRate").GetProperty("rate").GetDouble(), 4);
        Assert.Equal(0.6, day.GetProperty("globalRate").GetProperty("rate").GetDouble());
        Assert.Equal(0.3333, day.GetProperty("serviceLevel").GetProperty("20").GetDouble());
        Assert.Equal(0.3333, day.GetProperty("serviceLevel").GetProperty("60").GetDouble());
        Assert.Equal(0.6667, day.GetProperty("serviceLevel").GetProperty("120").GetDouble());
        Assert.Equal(43.3, day.GetProperty("averageWaitSeconds").GetDouble());
        Assert.Equal(5, day.GetProperty("satisfaction").GetProperty("average").GetDouble());
        var closedDay = lines[1].GetProperty("figures");
        Assert.Equal(1, closedDay.GetProperty("outcomes").GetProperty("closed").GetInt64());
        Assert.Equal(JsonValueKind.Null, closedDay.GetProperty("agentRate").GetProperty("rate").ValueKind);
        Assert.Equal(6, body.GetProperty("totals")[0].GetProperty("figures").GetProperty("offered").GetInt64());
    }

    [Fact]
    public async Task The_CSV_report_is_text_csv_with_its_header_and_a_row_per_line_day_network_day_and_network()
    {
        await _api.AddAsync("answered_agent", December2Morning, wait: 15);
        await _api.AddAsync("handled_ivr", December2Morning, network: "CPAM", line: "3646");

        using var response = await _api.GetAsync("/admin/reports/daily?from=2026-12-01&to=2026-12-07&format=csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.StartsWith("level,network,line,from,to,offered,answered_agent,", lines[0], StringComparison.Ordinal);
        Assert.Equal(
            ["line,CNAV,3960,2026-12-02", "line,CPAM,3646,2026-12-02", "network,CNAV,,2026-12-02", "network,CPAM,,2026-12-02", "network_total,CNAV,,2026-12-01", "network_total,CPAM,,2026-12-01"],
            lines[1..7].Select(l => string.Join(',', l.Split(',')[..4])));
        Assert.Equal("", lines[7]);
    }
}
