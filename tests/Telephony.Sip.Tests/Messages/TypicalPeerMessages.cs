using System.Text;

namespace Telephony.Sip.Tests.Messages;

/// <summary>
/// Messages in the shape typical peers send them, written for this corpus: an operator trunk (E.164 with
/// user=phone, P-Asserted-Identity, Privacy, Diversion, session timers, two Record-Routes, a SBC's compact
/// form), a desk phone's REGISTER answering a digest challenge, and a keep-alive OPTIONS from a PBX.
/// </summary>
internal static class TypicalPeerMessages
{
    private const string TrunkSdp =
        "v=0\r\no=SBC 1234567 1234568 IN IP4 203.0.113.10\r\ns=SBC call\r\nc=IN IP4 203.0.113.10\r\nt=0 0\r\n" +
        "m=audio 31000 RTP/AVP 8 0 18 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:18 G729/8000\r\n" +
        "a=fmtp:18 annexb=no\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";

    public static string TrunkInvite =>
        "INVITE sip:+33809401401@198.51.100.5:5060;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bKsbc-77a1f0e2\r\n" +
        "Via: SIP/2.0/UDP 10.20.30.40:5060;received=192.0.2.77;branch=z9hG4bKcore-1f2e3d\r\n" +
        "Record-Route: <sip:203.0.113.10;lr;ftag=as3f9a0c1d>\r\n" +
        "Record-Route: <sip:10.20.30.40;lr>\r\n" +
        "Max-Forwards: 68\r\n" +
        "f: <sip:+33612345678@operator.example;user=phone>;tag=as3f9a0c1d\r\n" +
        "t: <sip:+33809401401@198.51.100.5;user=phone>\r\n" +
        "i: 4b1c0e2a7d9f@203.0.113.10\r\n" +
        "CSeq: 102 INVITE\r\n" +
        "m: <sip:+33612345678@203.0.113.10:5060;transport=udp>\r\n" +
        "P-Asserted-Identity: <tel:+33612345678>\r\n" +
        "Privacy: none\r\n" +
        "Diversion: <sip:+33140000000@operator.example;user=phone>;reason=unconditional;counter=1\r\n" +
        "Session-Expires: 1800;refresher=uac\r\n" +
        "Min-SE: 90\r\n" +
        "Supported: timer, 100rel\r\n" +
        "Allow: INVITE,ACK,CANCEL,BYE,OPTIONS,UPDATE,PRACK,INFO\r\n" +
        "c: application/sdp\r\n" +
        $"l: {Encoding.ASCII.GetByteCount(TrunkSdp)}\r\n" +
        "\r\n" + TrunkSdp;

    public static string DeskPhoneRegister =>
        "REGISTER sip:telephony.example.fr SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.168.10.31:5060;branch=z9hG4bK1187524839;rport\r\n" +
        "From: \"Agent 12\" <sip:agent12@telephony.example.fr>;tag=1469284311\r\n" +
        "To: \"Agent 12\" <sip:agent12@telephony.example.fr>\r\n" +
        "Call-ID: 0_2954726371@192.168.10.31\r\n" +
        "CSeq: 2 REGISTER\r\n" +
        "Contact: <sip:agent12@192.168.10.31:5060>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-001565a1b2c3>\";reg-id=1\r\n" +
        "Authorization: Digest username=\"agent12\", realm=\"telephony\", nonce=\"MTc5NTM4MDAwMDpkZWFkYmVlZg\", " +
        "uri=\"sip:telephony.example.fr\", response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, cnonce=\"0a4f113b\", qop=auth, nc=00000001\r\n" +
        "Max-Forwards: 70\r\n" +
        "User-Agent: Desk phone 66.86.0.15\r\n" +
        "Expires: 3600\r\n" +
        "Allow: INVITE, INFO, PRACK, ACK, BYE, CANCEL, OPTIONS, NOTIFY, REGISTER, SUBSCRIBE, REFER, PUBLISH, UPDATE, MESSAGE\r\n" +
        "Content-Length: 0\r\n\r\n";

    public static string PbxKeepAliveOptions =>
        "OPTIONS sip:198.51.100.5 SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 192.0.2.50:5060;rport;branch=z9hG4bKPj4c1b8f1e-6c6f\r\n" +
        "From: <sip:pbx@192.0.2.50>;tag=4a7cbe9e-1d70\r\n" +
        "To: <sip:198.51.100.5>\r\n" +
        "Contact: <sip:pbx@192.0.2.50:5060;transport=tcp>\r\n" +
        "Call-ID: 1b0a5e0c-3d39-4f8c-9a8b-0d2a3bb0c1a2\r\n" +
        "CSeq: 47821 OPTIONS\r\n" +
        "Max-Forwards: 70\r\n" +
        "User-Agent: PBX 20.8.0\r\n" +
        "Content-Length:  0\r\n\r\n";
}
