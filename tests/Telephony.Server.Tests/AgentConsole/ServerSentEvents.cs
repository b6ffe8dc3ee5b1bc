using System.Text;
using System.Text.Json;

namespace Telephony.Server.Tests.AgentConsole;

/// <summary>One server-sent event as the browser's EventSource sees it.</summary>
internal sealed record ServerSentEvent(string Name, string? Id, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();
}

/// <summary>Reads a text/event-stream answer event by event; comment lines (heartbeats) are counted, not returned.</summary>
internal sealed class ServerSentEvents(HttpResponseMessage response, Stream stream) : IAsyncDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public HttpResponseMessage Response => response;

    public int Heartbeats { get; private set; }

    /// <summary>The next event, or null when the server closed the stream; fails after <paramref name="timeout"/>.</summary>
    public async Task<ServerSentEvent?> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        string name = "message", data = "";
        string? id = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancel.Token);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return new ServerSentEvent(name, id, data);
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                Heartbeats++;
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data += line["data: ".Length..];
            }
        }
    }

    /// <summary>Reads on until a heartbeat (a comment line) arrives; the events read meanwhile are dropped.</summary>
    public async Task WaitForHeartbeatAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var before = Heartbeats;
        while (Heartbeats == before)
        {
            var line = await _reader.ReadLineAsync(cancel.Token) ?? throw new InvalidOperationException("the stream closed before a heartbeat");
            if (line.StartsWith(':'))
            {
                Heartbeats++;
            }
        }
    }

    /// <summary>Skips events until one named <paramref name="name"/> whose data satisfies <paramref name="match"/>.</summary>
    public async Task<ServerSentEvent> NextMatchingAsync(string name, Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"no '{name}' event matched in time");
            var next = await NextAsync(left) ?? throw new InvalidOperationException($"the stream closed before a matching '{name}' event");
            if (next.Name == name && match(next.Json))
            {
                return next;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        response.Dispose();
        await Task.CompletedTask;
    }
}
