using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A hand-written SIP request over UDP from a socket of its own (a stranger to the service), and the final response
/// it gets: for requests no sipp scenario is worth writing, such as a relay attempt.
/// </summary>
public sealed class RawSipClient : IDisposable
{
    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_client.Client.LocalEndPoint!).Port;

    /// <summary>A request line and headers (Via, From, Call-ID, CSeq, Max-Forwards, Content-Length added) as a stranger writes them.</summary>
    public string Request(string method, string requestUri, params string[] headers) =>
        $"{method} {requestUri} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:stranger@127.0.0.1>;tag=stranger\r\n" +
        $"To: <{requestUri}>\r\n" +
        $"Call-ID: {Guid.NewGuid():N}@stranger\r\n" +
        $"CSeq: 1 {method}\r\n" +
        string.Concat(headers.Select(h => h + "\r\n")) +
        "Content-Length: 0\r\n\r\n";

    /// <summary>Sends the request (again every 500 ms until something answers) and returns the first final response; null if none came.</summary>
    public async Task<string?> FinalResponseAsync(int port, string request, TimeSpan timeout)
    {
        var target = new IPEndPoint(IPAddress.Loopback, port);
        var bytes = Encoding.ASCII.GetBytes(request);
        var deadline = DateTime.UtcNow + timeout;
        var answered = false;
        while (DateTime.UtcNow < deadline)
        {
            if (!answered)
            {
                await _client.SendAsync(bytes, target);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                var text = Encoding.ASCII.GetString((await _client.ReceiveAsync(wait.Token)).Buffer);
                if (!text.StartsWith("SIP/2.0 1", StringComparison.Ordinal))
                {
                    return text;
                }

                answered = true; // A provisional: the request is in, wait for the final answer without resending.
            }
            catch (OperationCanceledException)
            {
                // Nothing yet.
            }
            catch (SocketException)
            {
                // Port unreachable: nobody listening yet.
            }
        }

        return null;
    }

    public void Dispose() => _client.Dispose();
}
