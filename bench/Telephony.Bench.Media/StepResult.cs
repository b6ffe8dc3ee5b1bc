using System.Globalization;

namespace Telephony.Bench.Media;

/// <summary>One load level's figures, as printed in the table and the CSV.</summary>
internal sealed record StepResult(
    string Mode,
    int Calls,
    int Sessions,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    int DroppedCalls,
    double ServerCpuPercent,
    double CpuPercentPerCall,
    double RssMiB,
    double RssKiBPerCall,
    double LossPercent,
    string LoadReport)
{
    public static string CsvHeader => "mode,calls,sessions,p50_ms,p99_ms,max_ms,dropped_calls,server_cpu_pct,cpu_pct_per_call,rss_mib,rss_kib_per_call,loss_pct,load";

    public bool MeetsTarget => P99Ms <= 2.0 && DroppedCalls == 0;

    public string ToCsv() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Mode},{Calls},{Sessions},{P50Ms:0.00},{P99Ms:0.00},{MaxMs:0.00},{DroppedCalls},{ServerCpuPercent:0.0},{CpuPercentPerCall:0.000},{RssMiB:0.0},{RssKiBPerCall:0.0},{LossPercent:0.000},\"{LoadReport}\"");

    public string ToTableRow() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Mode} | {Calls} | {P50Ms:0.00} | {P99Ms:0.00} | {MaxMs:0.00} | {DroppedCalls} | {LossPercent:0.000} | {ServerCpuPercent:0.0} | {CpuPercentPerCall:0.000} | {RssMiB:0.0} | {RssKiBPerCall:0.0} | {(MeetsTarget ? "yes" : "no")} |");
}
