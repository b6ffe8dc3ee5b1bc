using System.Net;
using System.Text;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Uac;

/// <summary>A hand-driven UAS on loopback UDP, answering the INVITEs our endpoint sends it.</summary>
internal sealed class FakeUas : IDisposable
{
    public FakeUas(IPEndPoint endpoint)
    {
        Peer = new UdpPeer(endpoint);
    }

    public UdpPeer Peer { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Peer.Port);

    public string ContactUri => $"sip:uas@127.0.0.1:{Peer.Port}";

    /// <summary>A response copying Via, From, Call-ID, CSeq and To (with our tag) from the request.</summary>
    public static string Response(SipRequest request, int status, string reason, string? toTag = "uas-tag", string extraHeaders = "", string body = "")
    {
        var builder = new StringBuilder($"SIP/2.0 {status} {reason}\r\n");
        foreach (var via in request.Headers.GetLines("Via"))
        {
            builder.Append("Via: ").Append(via).Append("\r\n");
        }

        var to = request.Headers.Get("To")!;
        builder.Append("From: ").Append(request.Headers.Get("From")).Append("\r\n")
            .Append("To: ").Append(toTag is null || to.Contains(";tag=", StringComparison.Ordinal) ? to : to + ";tag=" + toTag).Append("\r\n")
            .Append("Call-ID: ").Append(request.CallId).Append("\r\n")
            .Append("CSeq: ").Append(request.Headers.Get("CSeq")).Append("\r\n")
            .Append(extraHeaders)
            .Append(body.Length > 0 ? "Content-Type: application/sdp\r\n" : string.Empty)
            .Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n\r\n").Append(body);
        return builder.ToString();
    }

    /// <summary>
    /// A request of ours inside the dialog the INVITE created: sent to its Contact, From our tag, To its From,
    /// with our <paramref name="contact"/> (the remote target the endpoint must use from now on).
    /// </summary>
    public string InDialogRequest(string method, SipRequest invite, uint cseq, string extraHeaders = "", string body = "", string? contact = null)
    {
        var target = NameAddress.Parse(invite.Headers.Get("Contact")!).Uri;
        return $"{method} {target} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{Peer.Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:0612345678@127.0.0.1>;tag=uas-tag\r\n" +
            $"To: {invite.Headers.Get("From")}\r\n" +
            $"Call-ID: {invite.CallId}\r\n" +
            $"CSeq: {cseq} {method}\r\n" +
            $"Contact: <{contact ?? ContactUri}>\r\n" +
            extraHeaders +
            (body.Length > 0 && !extraHeaders.Contains("Content-Type", StringComparison.Ordinal) ? "Content-Type: application/sdp\r\n" : string.Empty) +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" + body;
    }

    public Task SendAsync(string text) => Peer.SendAsync(text);

    public Task<SipRequest> ReceiveAsync(string method, int timeoutMs = 5000) => Peer.ReceiveRequestAsync(method, timeoutMs);

    /// <summary>
    /// The next request of a new transaction: retransmissions of the <paramref name="earlier"/> ones (same branch,
    /// sent again by Timer A/E when the test is slow to answer) are skipped.
    /// </summary>
    public Task<SipRequest> ReceiveNextTransactionAsync(string method, params SipRequest[] earlier) =>
        ReceiveNextTransactionAsync(method, timeoutMs: 5000, earlier);

    public async Task<SipRequest> ReceiveNextTransactionAsync(string method, int timeoutMs, params SipRequest[] earlier)
    {
        while (true)
        {
            var request = await ReceiveAsync(method, timeoutMs);
            if (earlier.All(previous => request.TopVia.Branch != previous.TopVia.Branch))
            {
                return request;
            }
        }
    }

    public void Dispose() => Peer.Dispose();
}
