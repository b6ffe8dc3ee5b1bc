using System.Net;
using System.Net.Sockets;
using System.Text;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests.Support;

/// <summary>A hand-driven SIP peer on one loopback TCP connection: what it sends and reads share that connection.</summary>
internal sealed class TcpPeer : IDisposable
{
    private readonly TcpClient _client;
    private readonly List<byte> _received = [];

    private TcpPeer(TcpClient client)
    {
        _client = client;
    }

    public int Port => ((IPEndPoint)_client.Client.LocalEndPoint!).Port;

    public static async Task<TcpPeer> ConnectAsync(IPEndPoint endPoint)
    {
        var client = new TcpClient(endPoint.AddressFamily);
        await client.ConnectAsync(endPoint);
        return new TcpPeer(client);
    }

    public async Task SendAsync(string text) => await _client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>The next message framed from the stream (Content-Length decides where it ends).</summary>
    public async Task<SipMessage> ReceiveAsync(int timeoutMs = 5000)
    {
        var chunk = new byte[4096];
        using var timeout = new CancellationTokenSource(timeoutMs);
        while (true)
        {
            var bytes = _received.ToArray();
            if (SipStreamFramer.TryFrame(bytes, 65536, out var length, out _) == SipFrameStatus.Complete)
            {
                _received.RemoveRange(0, length);
                return SipParser.Parse(bytes.AsSpan(0, length));
            }

            var read = await _client.GetStream().ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                throw new IOException("The endpoint closed the connection.");
            }

            _received.AddRange(chunk.AsSpan(0, read).ToArray());
        }
    }

    public async Task<SipRequest> ReceiveRequestAsync(string method, int timeoutMs = 5000)
    {
        while (true)
        {
            if (await ReceiveAsync(timeoutMs) is SipRequest request && request.Method == method)
            {
                return request;
            }
        }
    }

    public async Task<SipResponse> ReceiveResponseAsync(int status, int timeoutMs = 5000)
    {
        while (true)
        {
            if (await ReceiveAsync(timeoutMs) is SipResponse response && response.StatusCode == status)
            {
                return response;
            }
        }
    }

    public void Dispose() => _client.Dispose();
}
