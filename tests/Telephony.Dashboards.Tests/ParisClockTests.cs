using System.Globalization;
using System.Text;
using NodaTime;
using Telephony.Dashboards.Tests.Support;
using Xunit.Abstractions;

namespace Telephony.Dashboards.Tests;

/// <summary>
/// The Paris clock of rules/counting.yml against the tz database (NodaTime's copy): the rule's expression, with
/// time() replaced by an instant, is evaluated by promtool around every summer-time change and every Paris midnight
/// next to one, and at the turn of every month, from 2024 to 2040. promtool's own clock starts in 1970 and steps a
/// minute at a time, so the rule cannot be run to those dates; its expression can.
/// </summary>
public sealed class ParisClockTests(ITestOutputHelper output)
{
    private const string OffsetRule = "telephony:paris_utc_offset_seconds";
    private const string DayRule = "telephony:paris_day_number";
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    [Fact]
    public void The_expressions_become_constant_once_time_is_replaced()
    {
        var (offset, day) = Expressions();
        foreach (var expression in new[] { At(offset, 0), At(day, 0) })
        {
            Assert.DoesNotContain("time()", expression, StringComparison.Ordinal);
            Assert.DoesNotContain("telephony:", expression, StringComparison.Ordinal);
        }

        Assert.Contains("month(vector(", offset, StringComparison.Ordinal);
    }

    [PromtoolFact]
    public void Offset_and_day_match_the_tz_database_from_2024_to_2040()
    {
        var (offset, day) = Expressions();
        var instants = Instants().Distinct().Order().ToList();
        Assert.True(instants.Count > 500, $"only {instants.Count} instants");
        var yaml = new StringBuilder("""
            rule_files: []
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series: []
                promql_expr_test:

            """);
        foreach (var instant in instants)
        {
            var seconds = instant.ToUnixTimeSeconds();
            var local = instant.InZone(Paris);
            var expectedOffset = local.Offset.Seconds;
            var expectedDay = Period.Between(new LocalDate(1970, 1, 1), local.Date, PeriodUnits.Days).Days;
            Append(yaml, $"{local} offset", At(offset, seconds), expectedOffset);
            Append(yaml, $"{local} Paris day", At(day, seconds), expectedDay);
        }

        using var directory = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(directory.Path, "paris-clock.test.yml"), yaml.ToString());
        var (exitCode, printed) = Promtool.Run(directory.Path, "test", "rules", "paris-clock.test.yml");
        output.WriteLine($"{instants.Count} instants checked");
        Assert.True(exitCode == 0, $"the Paris clock differs from the tz database:\n{printed}");
    }

    private static IEnumerable<Instant> Instants()
    {
        var start = Instant.FromUtc(2024, 1, 1, 0, 0);
        var end = Instant.FromUtc(2041, 1, 1, 0, 0);
        foreach (var interval in Paris.GetZoneIntervals(start, end))
        {
            if (!interval.HasStart || interval.Start < start)
            {
                continue;
            }

            // The change itself, a second before it, and an hour on either side.
            var change = interval.Start;
            foreach (var delta in new[] { -3600L, -1L, 0L, 1L, 3599L, 3600L })
            {
                yield return change.Plus(Duration.FromSeconds(delta));
            }

            // The Paris midnights around the change (the day before, of, and after): where "today" begins.
            var date = change.InZone(Paris).Date;
            for (var d = -1; d <= 1; d++)
            {
                var midnight = Paris.AtStartOfDay(date.PlusDays(d)).ToInstant();
                yield return midnight.Minus(Duration.FromSeconds(1));
                yield return midnight;
            }
        }

        for (var month = new LocalDate(2024, 1, 1); month.Year <= 2040; month = month.PlusMonths(1))
        {
            var midnight = Paris.AtStartOfDay(month).ToInstant();
            yield return midnight.Minus(Duration.FromSeconds(1));
            yield return midnight;
            yield return midnight.Plus(Duration.FromHours(12));
        }
    }

    private static (string Offset, string Day) Expressions()
    {
        var rules = RuleFiles.All().Where(r => r.File == "counting.yml").ToDictionary(r => r.Name, StringComparer.Ordinal);
        var offset = rules[OffsetRule].Expression;
        // The day rule reads the offset rule: inline it, so that one expression holds the whole computation.
        var day = rules[DayRule].Expression.Replace(OffsetRule, "(" + offset + ")", StringComparison.Ordinal);
        return (offset, day);
    }

    private static string At(string expression, long unixSeconds) =>
        expression.Replace("time()", unixSeconds.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static void Append(StringBuilder yaml, string comment, string expression, long expected)
    {
        yaml.Append("      # ").Append(comment).Append('\n');
        yaml.Append("      - eval_time: 0s\n");
        yaml.Append("        expr: |\n");
        foreach (var line in expression.TrimEnd().Split('\n'))
        {
            yaml.Append("          ").Append(line).Append('\n');
        }

        yaml.Append("        exp_samples:\n");
        yaml.Append("          - labels: '{}'\n");
        yaml.Append("            value: ").Append(expected.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
