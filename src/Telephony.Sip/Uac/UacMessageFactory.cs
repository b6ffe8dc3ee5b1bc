using System.Globalization;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Uac;

/// <summary>Requests the UAC sends outside the dialog: ACK of a failure (RFC 3261 §17.1.1.3), CANCEL (§9.1).</summary>
internal static class UacMessageFactory
{
    /// <summary>Same Request-URI, Call-ID, From, CSeq number and top Via as the INVITE; To from the response.</summary>
    public static SipRequest AckForFailure(SipRequest invite, SipResponse response) =>
        CopyOfInvite(invite, SipMethods.Ack, response.Headers.Get(SipHeaderNames.To) ?? invite.Headers.Get(SipHeaderNames.To)!);

    /// <summary>CANCEL: the INVITE's Request-URI, Call-ID, To, From, CSeq number, top Via (branch) and Route.</summary>
    public static SipRequest Cancel(SipRequest invite) => CopyOfInvite(invite, SipMethods.Cancel, invite.Headers.Get(SipHeaderNames.To)!);

    private static SipRequest CopyOfInvite(SipRequest invite, string method, string to)
    {
        var request = new SipRequest(method, invite.RequestUri);
        request.Headers.Add(SipHeaderNames.Via, invite.TopViaText!);
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        request.Headers.Add(SipHeaderNames.From, invite.Headers.Get(SipHeaderNames.From)!);
        request.Headers.Add(SipHeaderNames.To, to);
        request.Headers.Add(SipHeaderNames.CallId, invite.CallId!);
        request.Headers.Add(SipHeaderNames.CSeq, $"{invite.CSeq.Number.ToString(CultureInfo.InvariantCulture)} {method}");
        foreach (var route in invite.Headers.GetLines(SipHeaderNames.Route))
        {
            request.Headers.Add(SipHeaderNames.Route, route);
        }

        request.Headers.Add(SipHeaderNames.ContentLength, "0");
        return request;
    }
}
