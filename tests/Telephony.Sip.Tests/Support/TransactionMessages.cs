using System.Text;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests.Support;

/// <summary>Minimal requests and responses for driving transaction state machines directly.</summary>
internal static class TransactionMessages
{
    public static SipRequest Request(string method) => (SipRequest)SipParser.Parse(Encoding.ASCII.GetBytes(
        $"{method} sip:3960@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKtimer\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\n" +
        $"To: <sip:3960@127.0.0.1>\r\nCall-ID: timers\r\nCSeq: 1 {method}\r\nContent-Length: 0\r\n\r\n"));

    /// <summary>A response carrying every header of the request (Via, From, To, Call-ID, CSeq).</summary>
    public static SipResponse Response(SipRequest request, int status)
    {
        var response = new SipResponse(status, "Test");
        foreach (var header in request.Headers)
        {
            response.Headers.Add(header.Name, header.Value);
        }

        return response;
    }
}
