using Telephony.Sip.Auth;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Support;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Tests.Uac;

/// <summary>
/// An agent's phone on a loopback socket (UDP, or one TCP connection) that registers with the endpoint's registrar
/// under a Contact of its own choosing, as a phone behind NAT names its private address.
/// </summary>
internal sealed class RegisteredPhone : IDisposable
{
    public const string User = "agent1";
    public const string Password = "secret";
    public const string Realm = "agents";

    private readonly UdpPeer? _udp;
    private readonly TcpPeer? _tcp;
    private uint _cseq;

    private RegisteredPhone(UdpPeer? udp, TcpPeer? tcp)
    {
        _udp = udp;
        _tcp = tcp;
    }

    public const string Aor = $"sip:{User}@127.0.0.1";

    public int Port => _udp?.Port ?? _tcp!.Port;

    public static async Task<RegisteredPhone> ConnectAsync(SipEndpoint endpoint, SipTransportKind transport) =>
        transport == SipTransportKind.Udp
            ? new RegisteredPhone(new UdpPeer(endpoint.UdpLocalEndPoint), null)
            : new RegisteredPhone(null, await TcpPeer.ConnectAsync(endpoint.TcpLocalEndPoint));

    /// <summary>REGISTER with this Contact, answering the registrar's challenge once; returns its 200.</summary>
    public async Task<SipResponse> RegisterAsync(string contact)
    {
        var callId = "reg-" + Guid.NewGuid().ToString("N");
        await SendAsync(Register(callId, contact, authorization: null));
        var challenge = DigestChallenge.TryParse((await ReceiveResponseAsync(401)).Headers.Get("WWW-Authenticate"))!;
        var answer = DigestClient.Answer(challenge, new SipClientCredentials(User, Password), SipMethods.Register, "sip:127.0.0.1")!;
        await SendAsync(Register(callId, contact, answer.ToHeaderValue()));
        return await ReceiveResponseAsync(200);
    }

    public Task SendAsync(string text) => _udp?.SendAsync(text) ?? _tcp!.SendAsync(text);

    public Task<SipRequest> ReceiveRequestAsync(string method) => _udp?.ReceiveRequestAsync(method) ?? _tcp!.ReceiveRequestAsync(method);

    public Task<SipResponse> ReceiveResponseAsync(int status) => _udp?.ReceiveResponseAsync(status) ?? _tcp!.ReceiveResponseAsync(status);

    private string Register(string callId, string contact, string? authorization) =>
        "REGISTER sip:127.0.0.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/{(_udp is null ? "TCP" : "UDP")} 127.0.0.1:{Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <{Aor}>;tag=phone\r\n" +
        $"To: <{Aor}>\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {++_cseq} REGISTER\r\n" +
        $"Contact: <{contact}>\r\n" +
        "Expires: 300\r\n" +
        (authorization is null ? string.Empty : $"Authorization: {authorization}\r\n") +
        "Content-Length: 0\r\n\r\n";

    public void Dispose()
    {
        _udp?.Dispose();
        _tcp?.Dispose();
    }
}
