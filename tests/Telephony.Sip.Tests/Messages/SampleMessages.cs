using System.Text;

namespace Telephony.Sip.Tests.Messages;

internal static class SampleMessages
{
    public const string SoftphoneSdp =
        "v=0\r\no=- 3712 3712 IN IP4 192.168.1.20\r\ns=Softphone\r\nc=IN IP4 192.168.1.20\r\nt=0 0\r\n" +
        "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

    public static string SoftphoneInvite =>
        "INVITE sip:%2B33809401401@pbx.example.fr SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-524287-1---a1b2c3;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "Contact: <sip:0612345678@192.168.1.20:5062;transport=UDP>\r\n" +
        "To: <sip:+33809401401@pbx.example.fr>\r\n" +
        "From: \"Jean Dupont\" <sip:0612345678@pbx.example.fr>;tag=8f2a1c\r\n" +
        "Call-ID: YzQ1ZDk3NmE2NjM0@192.168.1.20\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Supported: replaces, norefersub, extended-refer, timer\r\n" +
        "User-Agent: Z 5.6.1 v2.10.19.9\r\n" +
        "X-Custom-Unknown: keep me\r\n" +
        $"Content-Length: {Encoding.ASCII.GetByteCount(SoftphoneSdp)}\r\n" +
        "\r\n" + SoftphoneSdp;

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
