using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A citizen's client of the public booking API (no key), connecting from a loopback address of its own (127.0.0.x)
/// so that the server's per-address rate limit sees different clients.
/// </summary>
public sealed class BookingClient : IDisposable
{
    private readonly HttpClient _http;

    public BookingClient(int httpPort, string fromAddress = "127.0.0.1")
    {
        var local = IPAddress.Parse(fromAddress);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<BookingAnswer> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "application/json" && text.Length > 0
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return new BookingAnswer((int)response.StatusCode, json, text, response.Headers.RetryAfter?.Delta);
    }

    /// <summary>The open slots of a reason, soonest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> SlotsAsync(string line, string reason)
    {
        var answer = await SendAsync(HttpMethod.Get, $"/api/rendez-vous/creneaux?ligne={line}&motif={reason}");
        Assert.True(answer.Status == 200, $"slots of {line}/{reason}: {answer.Status} {answer.Text}");
        return answer.Json.GetProperty("slots").EnumerateArray().ToList();
    }

    public Task<BookingAnswer> BookAsync(string line, string reason, string number, string slot) =>
        SendAsync(HttpMethod.Post, "/api/rendez-vous", new { line, reason, number, slot });

    public Task<BookingAnswer> CancelAsync(string code, string number) =>
        SendAsync(HttpMethod.Delete, $"/api/rendez-vous/{code}", new { number });

    public void Dispose() => _http.Dispose();
}

/// <param name="Json">The body when it is JSON, else default.</param>
public sealed record BookingAnswer(int Status, JsonElement Json, string Text, TimeSpan? RetryAfter)
{
    public string? Field => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("field", out var named) ? named.GetString() : null;
}
