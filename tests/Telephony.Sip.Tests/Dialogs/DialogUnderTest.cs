using System.Text;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Endpoint;
using Telephony.Sip.Tests.Messages;
using Telephony.Sip.Tests.Support;
using Telephony.Sip.Tests.Uac;
using Telephony.Sip.Uac;

namespace Telephony.Sip.Tests.Dialogs;

/// <summary>Which side of the call the endpoint under test took.</summary>
public enum CallDirection
{
    /// <summary>The far end called us: the endpoint is the UAS.</summary>
    Incoming,

    /// <summary>We called the far end: the endpoint is the UAC.</summary>
    Outgoing,
}

/// <summary>
/// An answered call between the endpoint and a hand-driven far end on loopback UDP, in either direction, so one
/// test checks that both sides of the dialog behave alike.
/// </summary>
internal sealed class DialogUnderTest : IAsyncDisposable
{
    /// <summary>What the far end offers to put the call on hold.</summary>
    public const string HoldOffer = "v=0\r\no=- 3 3 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40006 RTP/AVP 0\r\na=sendonly\r\n";

    private const string OutgoingOffer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\n";
    private const string FarEndAnswer = "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40004 RTP/AVP 0\r\n";

    private readonly FakeUas? _uas;
    private readonly string _callId;
    private readonly string _localTag;
    private readonly SipRequest? _outgoingInvite;

    private DialogUnderTest(EndpointFixture fixture, UdpPeer farEnd, FakeUas? uas, SipDialog dialog, string callId, string localTag, SipRequest? outgoingInvite, byte[] localSdp)
    {
        Fixture = fixture;
        FarEnd = farEnd;
        _uas = uas;
        Dialog = dialog;
        _callId = callId;
        _localTag = localTag;
        _outgoingInvite = outgoingInvite;
        LocalSdp = localSdp;
    }

    public EndpointFixture Fixture { get; }

    /// <summary>The far end's socket: what the endpoint sends in the dialog arrives here.</summary>
    public UdpPeer FarEnd { get; }

    public SipDialog Dialog { get; }

    /// <summary>The SDP the endpoint put on the table: its answer (incoming) or its offer (outgoing).</summary>
    public byte[] LocalSdp { get; }

    /// <summary>A Contact URI of the far end's other than the one the dialog started with, on the same socket.</summary>
    public string MovedContact => $"sip:moved@127.0.0.1:{FarEnd.Port}";

    public static async Task<DialogUnderTest> EstablishAsync(CallDirection direction, TimeProvider? time = null) =>
        direction == CallDirection.Incoming ? await IncomingAsync(time) : await OutgoingAsync(time);

    /// <summary>A request of the far end's inside the dialog; a body is sent as application/sdp unless said otherwise.</summary>
    public string Request(string method, uint cseq, string extraHeaders = "", string body = "", string? contact = null)
    {
        var withType = body.Length > 0 && !extraHeaders.Contains("Content-Type", StringComparison.Ordinal) ? extraHeaders + "Content-Type: application/sdp\r\n" : extraHeaders;
        return _uas is not null
            ? _uas.InDialogRequest(method, _outgoingInvite!, cseq, withType, body, contact)
            : FarEnd.Request(method, _callId, EndpointFixture.NewBranch(), cseq, toTag: _localTag, extraHeaders: withType, body: body, contact: contact);
    }

    /// <summary>The far end's 200 to a request the endpoint sent it.</summary>
    public static string Ok(SipRequest request) => FakeUas.Response(request, 200, "OK", toTag: null);

    private static async Task<DialogUnderTest> IncomingAsync(TimeProvider? time)
    {
        var fixture = await EndpointFixture.StartAsync(call => call.AnswerAsync(AnsweringHandler.AnswerSdp), time: time);
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();
        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));
        var toTag = (await peer.ReceiveResponseAsync(200, cseq: 1)).To.Tag!;
        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), toTag: toTag));
        var call = await fixture.Handler.FirstCall;
        return new DialogUnderTest(fixture, peer, null, call, callId, toTag, null, AnsweringHandler.AnswerSdp);
    }

    private static async Task<DialogUnderTest> OutgoingAsync(TimeProvider? time)
    {
        var fixture = await EndpointFixture.StartAsync(time: time);
        var uas = new FakeUas(fixture.Endpoint.UdpLocalEndPoint);
        var request = new OutgoingCallRequest(SipUri.Parse("sip:0612345678@127.0.0.1"), uas.EndPoint, Encoding.ASCII.GetBytes(OutgoingOffer)) { FromUser = "3960" };
        var calling = fixture.Endpoint.CallAsync(request, CancellationToken.None);
        var invite = await uas.ReceiveAsync("INVITE");
        await uas.SendAsync(FakeUas.Response(invite, 200, "OK", extraHeaders: $"Contact: <{uas.ContactUri}>\r\n", body: FarEndAnswer));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));
        await uas.ReceiveAsync("ACK");
        return new DialogUnderTest(fixture, uas.Peer, uas, call, call.CallId, call.LocalTag, invite, Encoding.ASCII.GetBytes(OutgoingOffer));
    }

    public async ValueTask DisposeAsync()
    {
        _uas?.Dispose();
        await Fixture.DisposeAsync();
    }
}
