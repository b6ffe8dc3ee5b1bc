using System.Net;
using System.Net.Sockets;
using System.Text;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests.Support;

/// <summary>A hand-driven SIP peer on a loopback UDP socket.</summary>
internal sealed class UdpPeer : IDisposable
{
    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly IPEndPoint _target;

    public UdpPeer(IPEndPoint target)
    {
        _target = target;
    }

    public int Port => ((IPEndPoint)_client.Client.LocalEndPoint!).Port;

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _client.SendAsync(bytes, _target);

    public async Task<SipMessage> ReceiveAsync(int timeoutMs = 5000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        var result = await _client.ReceiveAsync(timeout.Token);
        return SipParser.Parse(result.Buffer);
    }

    /// <summary>Next datagram as received, for answers our parser would rightly refuse (e.g. an echoed broken Via).</summary>
    public async Task<string> ReceiveTextAsync(int timeoutMs = 5000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        var result = await _client.ReceiveAsync(timeout.Token);
        return Encoding.UTF8.GetString(result.Buffer);
    }

    /// <summary>The next response with this status (and CSeq number / method when given); others, such as 2xx retransmissions, are skipped.</summary>
    /// <summary>
    /// The next response with this status (and CSeq, method, Call-ID when given), skipping others: a loaded machine
    /// may retransmit an earlier call's 200 OK, which a loop of calls must not take for the current call's.
    /// </summary>
    public async Task<SipResponse> ReceiveResponseAsync(int status, uint? cseq = null, int timeoutMs = 5000, string? method = null, string? callId = null)
    {
        while (true)
        {
            if (await ReceiveAsync(timeoutMs) is SipResponse response && response.StatusCode == status && (cseq is null || response.CSeq.Number == cseq)
                && (method is null || response.CSeq.Method == method) && (callId is null || response.CallId == callId))
            {
                return response;
            }
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

    /// <summary>A request from this peer; extra header lines end with CRLF; <paramref name="contact"/> replaces our Contact URI.</summary>
    public string Request(string method, string callId, string branch, uint cseq = 1, string? toTag = null, string extraHeaders = "", string body = "", string user = "3960", string? cseqMethod = null, string? contact = null)
    {
        var to = toTag is null ? $"<sip:{user}@127.0.0.1>" : $"<sip:{user}@127.0.0.1>;tag={toTag}";
        return $"{method} sip:{user}@127.0.0.1:{_target.Port} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{Port};branch={branch};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: \"Caller\" <sip:0612345678@127.0.0.1:{Port}>;tag=peer-tag\r\n" +
            $"To: {to}\r\n" +
            $"Call-ID: {callId}\r\n" +
            $"CSeq: {cseq} {cseqMethod ?? method}\r\n" +
            $"Contact: <{contact ?? $"sip:0612345678@127.0.0.1:{Port}"}>\r\n" +
            extraHeaders +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" + body;
    }

    public void Dispose() => _client.Dispose();
}
