using NodaTime;
using NodaTime.Text;
using YamlDotNet.RepresentationModel;

namespace Telephony.Ivr;

/// <summary>
/// Reads <c>opening-hours</c>: one list of <c>"HH:mm-HH:mm"</c> ranges per weekday (a day left out is closed),
/// <c>public-holidays: closed|open</c> and <c>closures</c>, a list of <c>yyyy-MM-dd</c> dates. Times are Europe/Paris.
/// </summary>
internal static class OpeningHoursParser
{
    private static readonly Dictionary<string, IsoDayOfWeek> Days = new(StringComparer.Ordinal)
    {
        ["monday"] = IsoDayOfWeek.Monday,
        ["tuesday"] = IsoDayOfWeek.Tuesday,
        ["wednesday"] = IsoDayOfWeek.Wednesday,
        ["thursday"] = IsoDayOfWeek.Thursday,
        ["friday"] = IsoDayOfWeek.Friday,
        ["saturday"] = IsoDayOfWeek.Saturday,
        ["sunday"] = IsoDayOfWeek.Sunday,
    };

    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("uuuu-MM-dd");

    public static OpeningHours? Parse(YamlFields script)
    {
        var mapping = script.Mapping("opening-hours", required: false);
        if (mapping is null)
        {
            return null;
        }

        var fields = new YamlFields(mapping, mapping.Start, "opening-hours", script.Errors);
        var errorsBefore = script.Errors.Count;
        var weekly = new Dictionary<IsoDayOfWeek, IReadOnlyList<TimeRange>>();
        foreach (var (name, day) in Days)
        {
            if (fields.Texts(name) is { Count: > 0 } ranges && ParseRanges(ranges, name, fields.Errors) is { } parsed)
            {
                weekly[day] = parsed;
            }
        }

        var holidays = fields.Scalar("public-holidays", required: false);
        if (holidays is not null && holidays.Value is not ("closed" or "open"))
        {
            fields.Errors.At(holidays.Start, "opening-hours: 'public-holidays' must be closed or open");
        }

        var closures = new HashSet<LocalDate>();
        foreach (var item in fields.Texts("closures") ?? [])
        {
            var date = DatePattern.Parse(item.Value!);
            if (date.Success)
            {
                closures.Add(date.Value);
            }
            else
            {
                fields.Errors.At(item.Start, $"opening-hours: closure '{item.Value}' must be a date like 2026-12-24");
            }
        }

        fields.ReportUnknownFields();
        if (weekly.Count == 0 && script.Errors.Count == errorsBefore)
        {
            fields.Errors.At(mapping.Start, "opening-hours: the line is never open; give at least one day's ranges");
        }

        return script.Errors.Count == errorsBefore
            ? new OpeningHours(OpeningHours.Paris, weekly, holidays?.Value != "open", closures)
            : null;
    }

    private static List<TimeRange>? ParseRanges(IReadOnlyList<YamlScalarNode> items, string day, ErrorSink errors)
    {
        var ranges = new List<TimeRange>();
        foreach (var item in items)
        {
            var parts = item.Value!.Split('-', 2, StringSplitOptions.TrimEntries);
            var start = parts.Length == 2 ? TimePattern.Parse(parts[0]) : null;
            var end = parts.Length == 2 ? TimePattern.Parse(parts[1]) : null;
            if (start is not { Success: true } || end is not { Success: true } || end.Value <= start.Value)
            {
                errors.At(item.Start, $"opening-hours: {day} range '{item.Value}' must be like 08:30-17:00, ending after it starts");
                return null;
            }

            var range = new TimeRange(start.Value, end.Value);
            if (ranges.FirstOrDefault(r => r.Start < range.End && range.Start < r.End) is { } overlap && overlap != default)
            {
                errors.At(item.Start, $"opening-hours: {day} range '{item.Value}' overlaps {overlap.ToString()}");
                return null;
            }

            ranges.Add(range);
        }

        return ranges.OrderBy(r => r.Start).ToList();
    }
}
