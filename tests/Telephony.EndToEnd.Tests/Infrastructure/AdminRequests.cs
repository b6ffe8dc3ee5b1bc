using System.Net;
using System.Text;
using System.Text.Json;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>Admin API calls with a JSON body, read back as JSON, for the agent tests.</summary>
public static class AdminRequests
{
    /// <summary>The status and the JSON answer (default when the answer is empty).</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> AdminJsonAsync(this ServerProcess server, HttpMethod method, string path, string? json = null)
    {
        using var response = await server.AdminAsync(method, path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>GETs <paramref name="path"/> until <paramref name="done"/> holds or 15 s have passed; returns the last answer.</summary>
    /// <remarks>A <paramref name="done"/> that throws because a value is not there yet (a null state) reads as "not yet".</remarks>
    public static async Task<JsonElement> PollAdminAsync(this ServerProcess server, string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var (_, value) = await server.AdminJsonAsync(HttpMethod.Get, path);
            if (Holds(done, value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(200);
        }
    }

    private static bool Holds(Func<JsonElement, bool> done, JsonElement value)
    {
        try
        {
            return value.ValueKind != JsonValueKind.Undefined && done(value);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }
}
