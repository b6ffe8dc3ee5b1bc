using System.Net;
using System.Text;
using Telephony.Sip.Auth;
using Telephony.Sip.Messages;
using Telephony.Sip.Registrar;
using Telephony.Sip.Tests.Support;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Tests.Registrar;

/// <summary>A registrar on a fake clock and a phone that answers its challenges.</summary>
internal sealed class RegistrarHarness : IDisposable
{
    public static readonly IPEndPoint PhoneAddress = new(IPAddress.Parse("192.0.2.10"), 40123);

    /// <summary>The flow the phone's REGISTERs arrive on: UDP from <see cref="PhoneAddress"/> to our port 5060.</summary>
    public static readonly SipFlow PhoneFlow = new(SipTransportKind.Udp, PhoneAddress, new IPEndPoint(IPAddress.Loopback, 5060), null);

    private uint _cseq;
    private DigestChallenge? _challenge;
    private uint _nc;

    public RegistrarHarness(Action<SipRegistrarOptions>? configure = null)
    {
        var options = new SipRegistrarOptions { Realm = "agents", NonceSecret = Enumerable.Repeat((byte)7, 32).ToArray() };
        configure?.Invoke(options);
        Registrar = new SipRegistrar(options, new InMemorySipCredentialStore([new SipCredential("agent1", "agents", "secret"), new SipCredential("agent2", "agents", "other")]), Time);
        Registrar.BindingsChanged += (_, e) => Changes.Add(e);
    }

    public FakeTimeProvider Time { get; } = new();

    public SipRegistrar Registrar { get; }

    public List<SipBindingsChangedEventArgs> Changes { get; } = [];

    public string CallId { get; set; } = "reg-" + Guid.NewGuid().ToString("N");

    public static SipRequest Build(string aorUser, string callId, uint cseq, string contacts, string extraHeaders = "", string? authorization = null)
    {
        var text = new StringBuilder()
            .Append("REGISTER sip:127.0.0.1 SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP 192.0.2.10:40123;branch=z9hG4bK").Append(Guid.NewGuid().ToString("N")).Append(";rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: <sip:").Append(aorUser).Append("@127.0.0.1>;tag=ph1\r\n")
            .Append("To: <sip:").Append(aorUser).Append("@127.0.0.1>\r\n")
            .Append("Call-ID: ").Append(callId).Append("\r\n")
            .Append("CSeq: ").Append(cseq).Append(" REGISTER\r\n")
            .Append(contacts.Length > 0 ? "Contact: " + contacts + "\r\n" : string.Empty)
            .Append(extraHeaders)
            .Append(authorization is null ? string.Empty : "Authorization: " + authorization + "\r\n")
            .Append("Content-Length: 0\r\n\r\n");
        return (SipRequest)SipParser.Parse(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>Sends REGISTER; on 401 answers the challenge once as a phone would (new nonce or next nc).</summary>
    public async Task<SipResponse> RegisterAsync(string contacts, string extraHeaders = "", string user = "agent1", string password = "secret", string aorUser = "agent1")
    {
        if (_challenge is not null)
        {
            var reused = await SendAsync(aorUser, contacts, extraHeaders, Authorize(user, password));
            if (reused.StatusCode != 401)
            {
                return reused;
            }

            _challenge = DigestChallenge.TryParse(reused.Headers.Get("WWW-Authenticate"));
            _nc = 0;
        }
        else
        {
            var first = await SendAsync(aorUser, contacts, extraHeaders, null);
            if (first.StatusCode != 401)
            {
                return first;
            }

            _challenge = DigestChallenge.TryParse(first.Headers.Get("WWW-Authenticate"));
            _nc = 0;
        }

        return await SendAsync(aorUser, contacts, extraHeaders, Authorize(user, password));
    }

    public Task<SipResponse> SendAsync(string aorUser, string contacts, string extraHeaders, string? authorization) =>
        Registrar.HandleRegisterAsync(Build(aorUser, CallId, ++_cseq, contacts, extraHeaders, authorization), PhoneFlow).AsTask();

    public string Authorize(string user, string password) =>
        DigestClient.Answer(_challenge!, new SipClientCredentials(user, password), "REGISTER", "sip:127.0.0.1", ++_nc)!.ToHeaderValue();

    public void Dispose() => Registrar.Dispose();
}
