using System.Net;
using Telephony.Calls.Tests.Reporting;

namespace Telephony.Server.Tests.Reporting;

public sealed class OpenDataApiTests
{
    // The clock of ReportsUnderTest is 8 December 2026, 10:00 in Paris: 7 December is the last complete day.
    private static readonly DateTimeOffset December7 = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_dataset_is_public_complete_days_only_line_days_under_the_minimum_left_out_and_valid_against_its_schema()
    {
        await using var api = await ReportsUnderTest.StartAsync(minimumCalls: 3);
        for (var i = 0; i < 3; i++)
        {
            await api.AddAsync("answered_agent", December7.AddMinutes(i), wait: 10 * i, score: 3 + i);
            await api.AddAsync("handled_ivr", December7.AddMinutes(i), network: "CPAM", line: "3646");
            await api.AddAsync("abandoned_ivr", December7.AddDays(-1), line: "3961");
            await api.AddAsync("answered_agent", ReportsUnderTest.Now.AddMinutes(-30 - i));
        }

        await api.AddAsync("abandoned_queue", December7, wait: 90);
        // Under the minimum: two calls on 7 December on 3962.
        await api.AddAsync("handled_ivr", December7, line: "3962");
        await api.AddAsync("handled_ivr", December7, line: "3962");

        using var csvResponse = await api.GetAsync("/opendata/taux-de-decroche.csv", withKey: false);
        using var schemaResponse = await api.GetAsync("/opendata/schema.json", withKey: false);
        var csv = await csvResponse.Content.ReadAsStringAsync();
        var schema = await schemaResponse.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", csvResponse.Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.OK, schemaResponse.StatusCode);
        Assert.Equal("application/json; charset=utf-8", schemaResponse.Content.Headers.ContentType!.ToString());
        Assert.Empty(TableSchemaCheck.Problems(schema, csv));
        Assert.Equal(
            [
                "date,reseau,ligne,appels_presentes,appels_decroches_agent,appels_traites_svi,taux_decroche_agent,taux_decroche_global,niveau_service_20s,niveau_service_60s,niveau_service_120s,satisfaction_moyenne,satisfaction_reponses",
                "2026-12-06,CNAV,3961,3,0,0,,0,,,,,0",
                "2026-12-07,CNAV,3960,4,3,0,0.75,0.75,0.75,0.75,0.75,4,3",
                "2026-12-07,CPAM,3646,3,0,3,,1,,,,,0",
                "",
            ],
            csv.Split("\r\n"));
    }

    [Fact]
    public async Task The_file_is_counted_at_most_once_an_hour()
    {
        await using var api = await ReportsUnderTest.StartAsync(minimumCalls: 1);
        await api.AddAsync("handled_ivr", December7);
        var first = await CsvAsync(api);

        await api.AddAsync("handled_ivr", December7);
        var cached = await CsvAsync(api);
        api.Clock.Advance(TimeSpan.FromHours(1));
        var recounted = await CsvAsync(api);

        Assert.Equal(first, cached);
        Assert.Contains("2026-12-07,CNAV,3960,1,", first, StringComparison.Ordinal);
        Assert.Contains("2026-12-07,CNAV,3960,2,", recounted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_call_yet_the_dataset_is_its_header_alone()
    {
        await using var api = await ReportsUnderTest.StartAsync();

        using var response = await api.GetAsync("/opendata/taux-de-decroche.csv", withKey: false);
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("date,reseau,ligne,", csv, StringComparison.Ordinal);
        Assert.Single(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    private static async Task<string> CsvAsync(ReportsUnderTest api)
    {
        using var response = await api.GetAsync("/opendata/taux-de-decroche.csv", withKey: false);
        return await response.Content.ReadAsStringAsync();
    }
}
