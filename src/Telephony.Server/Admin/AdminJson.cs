using System.Text.Json;
using System.Text.Json.Serialization;

namespace Telephony.Server.Admin;

/// <summary>A request field that is wrong, named as in the JSON body (<c>skills[0].level</c>), and why.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>
/// Reads an admin request body strictly (exact camelCase names, no unknown field, no number in quotes) and turns any
/// failure into a 400 that names the field, so an operator's typo is answered with where it is rather than ignored.
/// </summary>
public static class AdminJson
{
    /// <summary>The field name for errors about the body as a whole (empty, not an object, cut short).</summary>
    public const string BodyField = "body";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    // What each field holds, by its path with the list indexes taken out, for "must be ..." messages.
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["displayName"] = "text",
        ["sipUsername"] = "text",
        ["password"] = "text",
        ["enabled"] = "true or false",
        ["skills"] = "a list of {\"queue\": text, \"level\": 1 to 5}",
        ["skills[]"] = "an object {\"queue\": text, \"level\": 1 to 5}",
        ["skills[].queue"] = "text",
        ["skills[].level"] = "a whole number from 1 to 5",
        ["status"] = "\"ready\" or \"paused\"",
        ["reason"] = "text",
    };

    /// <summary>The body as <typeparamref name="T"/>; when it cannot be read, the error says where.</summary>
    /// <param name="optional">An empty body is then read as <paramref name="empty"/> instead of an error.</param>
    public static async Task<(T? Value, FieldError? Error)> ReadAsync<T>(HttpRequest request, CancellationToken ct, bool optional = false, T? empty = null)
        where T : class
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return optional ? (empty, null) : (null, new FieldError(BodyField, "a JSON object is required"));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.ToArray(), Options);
            return value is null ? (null, new FieldError(BodyField, "must be a JSON object, not null")) : (value, null);
        }
        catch (JsonException error)
        {
            return (null, Describe(error.Path));
        }
    }

    public static IResult BadRequest(FieldError error) =>
        Results.Json(new { error = error.Field == BodyField ? $"The body {error.Message}." : $"'{error.Field}' {error.Message}.", field = error.Field }, statusCode: StatusCodes.Status400BadRequest);

    private static FieldError Describe(string? jsonPath)
    {
        var field = jsonPath is null or "$" ? "" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        if (field.Length == 0)
        {
            return new FieldError(BodyField, "must be one well-formed JSON object");
        }

        var shape = System.Text.RegularExpressions.Regex.Replace(field, @"\[\d+\]", "[]");
        return Expected.TryGetValue(shape, out var expected)
            ? new FieldError(field, $"must be {expected}")
            : new FieldError(field, "is not a field of this request");
    }
}
