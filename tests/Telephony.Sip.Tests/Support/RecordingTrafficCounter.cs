using System.Collections.Concurrent;

namespace Telephony.Sip.Tests.Support;

/// <summary>Keeps what the endpoint counted, in order, safe to read while the transport threads write.</summary>
internal sealed class RecordingTrafficCounter : ISipTrafficCounter
{
    private readonly ConcurrentQueue<string> _events = new();

    /// <summary>"&gt; METHOD" for a request received, "&lt; METHOD STATUS" for a response sent.</summary>
    public IReadOnlyList<string> Events => [.. _events];

    public void RequestReceived(string method) => _events.Enqueue($"> {method}");

    public void ResponseSent(string method, int statusCode) => _events.Enqueue($"< {method} {statusCode}");
}
