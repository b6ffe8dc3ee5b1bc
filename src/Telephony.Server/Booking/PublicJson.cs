using System.Text.Json;
using Telephony.Server.Admin;

namespace Telephony.Server.Booking;

/// <summary>
/// Reads a public API body: one JSON object of text fields, every field known. Anything else is a 400 naming the field,
/// in French like the rest of the booking API.
/// </summary>
public static class PublicJson
{
    private const int MaxBodyBytes = 16 * 1024;

    /// <returns>The fields given (absent ones are absent), or the error about the body or the first bad field.</returns>
    public static async Task<(IReadOnlyDictionary<string, string>? Fields, FieldError? Error)> ReadTextFieldsAsync(
        HttpRequest request, IReadOnlyCollection<string> known, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, new FieldError(AdminJson.BodyField, $"dépasse {MaxBodyBytes / 1024} Kio"));
            }

            buffer.Write(chunk, 0, read);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            return (null, new FieldError(AdminJson.BodyField, "doit être un objet JSON"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, new FieldError(AdminJson.BodyField, "doit être un objet JSON"));
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!known.Contains(property.Name))
                {
                    return (null, new FieldError(property.Name, $"n'est pas un champ de cette requête (champs : {string.Join(", ", known)})"));
                }

                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return (null, new FieldError(property.Name, "doit être un texte"));
                }

                fields[property.Name] = property.Value.GetString()!;
            }

            return (fields, null);
        }
    }

    /// <summary>400 <c>{ error, field, message }</c>.</summary>
    public static IResult BadRequest(FieldError error) => Error(StatusCodes.Status400BadRequest, "invalid_request", error.Field, error.Field == AdminJson.BodyField
        ? $"Le corps de la requête {error.Message}."
        : $"'{error.Field}' {error.Message}.");

    public static IResult Error(int status, string code, string? field, string message) =>
        Results.Json(field is null ? new { error = code, message } : (object)new { error = code, field, message }, statusCode: status);
}
