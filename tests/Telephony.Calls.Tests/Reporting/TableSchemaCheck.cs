using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Telephony.Calls.Tests.Reporting;

/// <summary>
/// Checks a CSV against a Frictionless Table Schema as a data portal's validator would, for the parts our schemas
/// use: the header names the fields in order; every row has one cell per field; a missing value (one of
/// <c>missingValues</c>) only where the field is not required; each other cell of its type (<c>string</c>,
/// <c>integer</c>, <c>number</c>, <c>date</c> in the default format) and within <c>minimum</c>, <c>maximum</c>,
/// <c>enum</c>; the primary key unique. Returns every problem found, with its row and field; none means valid.
/// </summary>
public static class TableSchemaCheck
{
    public static IReadOnlyList<string> Problems(string schemaJson, string csv)
    {
        using var schema = JsonDocument.Parse(schemaJson);
        var fields = schema.RootElement.GetProperty("fields").EnumerateArray().Select(f => f.Clone()).ToList();
        var missing = schema.RootElement.TryGetProperty("missingValues", out var m) ? m.EnumerateArray().Select(v => v.GetString()!).ToHashSet() : [""];
        var primaryKey = schema.RootElement.TryGetProperty("primaryKey", out var pk) ? pk.EnumerateArray().Select(k => k.GetString()!).ToList() : [];
        var problems = new List<string>();
        var names = fields.Select(f => f.GetProperty("name").GetString()!).ToList();

        var rows = ParseCsv(csv);
        if (rows.Count == 0)
        {
            return ["no header row"];
        }

        if (!rows[0].SequenceEqual(names))
        {
            problems.Add($"header [{string.Join(",", rows[0])}] is not the fields [{string.Join(",", names)}] in order");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (row, number) in rows.Skip(1).Select((r, i) => (r, i + 2)))
        {
            if (row.Count != fields.Count)
            {
                problems.Add($"row {number}: {row.Count} cells for {fields.Count} fields");
                continue;
            }

            for (var i = 0; i < fields.Count; i++)
            {
                if (CellProblem(fields[i], row[i], missing) is { } problem)
                {
                    problems.Add($"row {number}, field {names[i]}: {problem} ('{row[i]}')");
                }
            }

            var key = string.Join("\u001f", primaryKey.Select(k => row[names.IndexOf(k)]));
            if (primaryKey.Count > 0 && !keys.Add(key))
            {
                problems.Add($"row {number}: primary key ({string.Join(", ", primaryKey)}) repeated");
            }
        }

        return problems;
    }

    private static string? CellProblem(JsonElement field, string cell, HashSet<string> missing)
    {
        var constraints = field.TryGetProperty("constraints", out var c) ? c : default;
        bool Has(string name, out JsonElement value)
        {
            value = default;
            return constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty(name, out value);
        }

        if (missing.Contains(cell))
        {
            return Has("required", out var required) && required.GetBoolean() ? "required but missing" : null;
        }

        var type = field.GetProperty("type").GetString();
        double? numeric = null;
        switch (type)
        {
            case "string":
                break;
            case "integer":
                if (!long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    return "not an integer";
                }

                numeric = integer;
                break;
            case "number":
                if (!double.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    return "not a number";
                }

                numeric = number;
                break;
            case "date":
                if (field.TryGetProperty("format", out var format) && format.GetString() is not (null or "default"))
                {
                    return $"date format {format.GetString()} is not checked here";
                }

                if (!DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    return "not a date (yyyy-MM-dd)";
                }

                break;
            default:
                return $"type {type} is not checked here";
        }

        if (numeric is { } value)
        {
            if (Has("minimum", out var minimum) && value < minimum.GetDouble())
            {
                return $"below the minimum {minimum.GetDouble()}";
            }

            if (Has("maximum", out var maximum) && value > maximum.GetDouble())
            {
                return $"above the maximum {maximum.GetDouble()}";
            }
        }

        if (Has("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ToString() == cell))
        {
            return "not one of the enum values";
        }

        return null;
    }

    /// <summary>RFC 4180: comma-separated, fields optionally in double quotes (a quote doubled inside), CRLF or LF line ends.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
