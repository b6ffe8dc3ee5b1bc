using System.Globalization;
using System.Text;

namespace Telephony.Calls.Reporting;

/// <summary>
/// CSV as RFC 4180 and the Frictionless CSV dialect's defaults write it: comma-separated, CRLF line ends, a field in
/// double quotes when it holds a comma, a quote or a line break; UTF-8 without a byte-order mark; numbers with a dot.
/// </summary>
public static class CsvText
{
    public const string LineEnd = "\r\n";

    public static void AppendLine(StringBuilder text, IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(text);
        text.AppendJoin(',', fields.Select(Quote)).Append(LineEnd);
    }

    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A value rounded to <paramref name="decimals"/>, or the empty field when there is none.</summary>
    public static string Number(double? value, int decimals) =>
        ReportPrecision.Round(value, decimals)?.ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture) ?? "";

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
