using System.Globalization;

namespace Telephony.Calls.Reporting;

/// <summary>A range of Paris days asked for by an operator, from <c>yyyy-MM-dd</c> texts, or why it cannot be.</summary>
public sealed record ReportRange(DateOnly From, DateOnly To)
{
    /// <summary>The longest range one report covers: a year, leap day included (the official results are yearly).</summary>
    public const int MaxDays = 366;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The range, or the parameter that is wrong (<c>from</c> or <c>to</c>) and why.</summary>
    public static (ReportRange? Range, string? Parameter, string? Error) Parse(string? from, string? to)
    {
        if (ParseDay(from) is not { } first)
        {
            return (null, "from", Problem(from));
        }

        if (ParseDay(to) is not { } last)
        {
            return (null, "to", Problem(to));
        }

        if (last < first)
        {
            return (null, "to", $"must not be before from ({first:yyyy-MM-dd})");
        }

        var range = new ReportRange(first, last);
        return range.Days > MaxDays
            ? (null, "to", $"is {range.Days} days after from (inclusive); a report covers at most {MaxDays} days")
            : (range, null, null);
    }

    private static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static string Problem(string? text) => string.IsNullOrWhiteSpace(text)
        ? "is required, a Paris day as yyyy-MM-dd (e.g. 2026-12-01)"
        : "must be a date as yyyy-MM-dd (e.g. 2026-12-01)";
}
