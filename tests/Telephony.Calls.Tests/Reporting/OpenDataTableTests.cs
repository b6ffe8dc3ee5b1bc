using System.Text.Json;
using Telephony.Calls.Reporting;

namespace Telephony.Calls.Tests.Reporting;

public sealed class OpenDataTableTests
{
    [Fact]
    public void Every_row_of_the_CSV_is_valid_against_the_schema_written_from_the_same_columns()
    {
        var table = new OpenDataTable(minimumCalls: 1);
        var csv = table.Csv(DailyReportTests.SampleReport());

        Assert.Empty(TableSchemaCheck.Problems(SchemaJson(table), csv));
        Assert.Equal(4, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("2026-12-01,CNAV,3960,8,3,1,0.75,0.6667,0.5,0.5,0.5,4.5,2\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("2026-12-02,CPAM,3646,2,0,0,,,,,,,0\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_days_under_the_minimum_are_left_out_and_the_schema_says_the_minimum()
    {
        var table = new OpenDataTable(minimumCalls: 2);
        var csv = table.Csv(DailyReportTests.SampleReport());

        Assert.DoesNotContain(",3961,", csv, StringComparison.Ordinal);
        Assert.Contains(",3646,", csv, StringComparison.Ordinal);
        using var schema = JsonDocument.Parse(SchemaJson(table));
        var offered = schema.RootElement.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "appels_presentes");
        Assert.Equal(2, offered.GetProperty("constraints").GetProperty("minimum").GetDouble());
        Assert.Contains("moins de 2 appels", schema.RootElement.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_schema_is_a_Frictionless_table_schema_with_French_titles_and_descriptions_for_every_field()
    {
        using var schema = JsonDocument.Parse(SchemaJson(new OpenDataTable(10)));
        var root = schema.RootElement;

        Assert.Equal(["date", "reseau", "ligne"], root.GetProperty("primaryKey").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal([""], root.GetProperty("missingValues").EnumerateArray().Select(k => k.GetString()));
        Assert.All(root.GetProperty("fields").EnumerateArray(), field =>
        {
            Assert.Contains(field.GetProperty("type").GetString(), new[] { "date", "string", "integer", "number" });
            Assert.False(string.IsNullOrWhiteSpace(field.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(field.GetProperty("description").GetString()));
            Assert.True(field.GetProperty("constraints").TryGetProperty("required", out _));
        });
    }

    [Fact]
    public void The_check_itself_finds_a_bad_type_a_value_out_of_range_a_missing_required_cell_and_a_wrong_header()
    {
        var schema = SchemaJson(new OpenDataTable(1));
        const string Header = "date,reseau,ligne,appels_presentes,appels_decroches_agent,appels_traites_svi,taux_decroche_agent,taux_decroche_global,niveau_service_20s,niveau_service_60s,niveau_service_120s,satisfaction_moyenne,satisfaction_reponses\r\n";

        Assert.Empty(TableSchemaCheck.Problems(schema, Header + "2026-12-01,CNAV,3960,3,1,1,0.5,0.6667,1,1,1,,0\r\n"));
        Assert.Contains(TableSchemaCheck.Problems(schema, Header + "2026-12-01,CNAV,3960,trois,1,1,0.5,0.6667,1,1,1,,0\r\n"), p => p.Contains("not an integer", StringComparison.Ordinal));
        Assert.Contains(TableSchemaCheck.Problems(schema, Header + "2026-12-01,CNAV,3960,3,1,1,1.5,0.6667,1,1,1,,0\r\n"), p => p.Contains("above the maximum", StringComparison.Ordinal));
        Assert.Contains(TableSchemaCheck.Problems(schema, Header + "2026-12-01,CNAV,3960,0,1,1,0.5,0.6667,1,1,1,,0\r\n"), p => p.Contains("below the minimum", StringComparison.Ordinal));
        Assert.Contains(TableSchemaCheck.Problems(schema, Header + "2026-12-01,,3960,3,1,1,0.5,0.6667,1,1,1,,0\r\n"), p => p.Contains("required but missing", StringComparison.Ordinal));
        Assert.Contains(TableSchemaCheck.Problems(schema, Header + "01/12/2026,CNAV,3960,3,1,1,0.5,0.6667,1,1,1,,0\r\n"), p => p.Contains("not a date", StringComparison.Ordinal));
        Assert.Contains(TableSchemaCheck.Problems(schema, Header.Replace("reseau,ligne", "ligne,reseau", StringComparison.Ordinal)), p => p.Contains("header", StringComparison.Ordinal));
        Assert.Contains(TableSchemaCheck.Problems(schema, Header + "2026-12-01,CNAV,3960,3,1,1,0.5,0.6667,1,1,1,0\r\n"), p => p.Contains("cells for", StringComparison.Ordinal));
    }

    internal static string SchemaJson(OpenDataTable table) => JsonSerializer.Serialize(table.Schema());
}
