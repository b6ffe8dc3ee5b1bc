namespace Telephony.Calls.Reporting;

public enum ReportFormat
{
    Json,
    Csv,
}

/// <summary>The <c>format</c> an operator asks a report in (the admin API's query, the command line's option).</summary>
public static class ReportFormats
{
    public const string Problem = "must be json or csv";

    /// <summary>The format named (case-insensitive), <paramref name="fallback"/> when none is, null when the name is none of them.</summary>
    public static ReportFormat? Parse(string? name, ReportFormat fallback) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" => fallback,
        "json" => ReportFormat.Json,
        "csv" => ReportFormat.Csv,
        _ => null,
    };
}
