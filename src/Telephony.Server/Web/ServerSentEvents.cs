namespace Telephony.Server.Web;

/// <summary>
/// Writing a <c>text/event-stream</c> answer (server-sent events) as the live pages read it with EventSource: the
/// headers that keep proxies from buffering or caching it, events flushed one by one, comment lines as heartbeats.
/// Used by the agent console's stream and the wallboard's.
/// </summary>
public static class ServerSentEvents
{
    public static void Start(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no"; // a reverse proxy must not hold events back
    }

    /// <summary>One event; <paramref name="data"/> is one line of JSON.</summary>
    public static Task WriteEventAsync(HttpResponse response, string name, string? id, string data, CancellationToken ct) =>
        WriteAsync(response, id is null ? $"event: {name}\ndata: {data}\n\n" : $"event: {name}\nid: {id}\ndata: {data}\n\n", ct);

    /// <summary>A comment line: the browser ignores it, proxies and the connection stay awake.</summary>
    public static Task WriteHeartbeatAsync(HttpResponse response, CancellationToken ct) => WriteAsync(response, ": heartbeat\n\n", ct);

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.WriteAsync(text, ct);
        await response.Body.FlushAsync(ct);
    }
}
