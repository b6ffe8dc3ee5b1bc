using System.Globalization;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>Requests the UAS sends inside its dialog (RFC 3261 §12.2.1.1): BYE for now.</summary>
internal static class InDialogRequestBuilder
{
    public static SipRequest Build(IncomingCall call, string method, uint cseq, SipEndpointOptions options)
    {
        var invite = call.Invite;
        var contacts = invite.Headers.GetValues(SipHeaderNames.Contact);
        var remoteTarget = contacts.Count > 0 && NameAddress.TryParse(contacts[0], out var contact) ? contact!.Uri : invite.From.Uri;
        var request = new SipRequest(method, remoteTarget);
        var transport = call.Flow.Kind == SipTransportKind.Tcp ? "TCP" : "UDP";
        var via = new ViaHeader(transport, call.LocalAddress.ToString(), call.Flow.Local.Port, SipIds.NewBranch());
        via.Parameters.Set("rport", null);
        request.Headers.Add(SipHeaderNames.Via, via.ToString());
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        var from = invite.To;
        from.Tag = call.LocalTag;
        request.Headers.Add(SipHeaderNames.From, from.ToString());
        request.Headers.Add(SipHeaderNames.To, invite.Headers.Get(SipHeaderNames.From)!);
        request.Headers.Add(SipHeaderNames.CallId, call.CallId);
        request.Headers.Add(SipHeaderNames.CSeq, $"{cseq.ToString(CultureInfo.InvariantCulture)} {method}");
        // The UAS route set is the Record-Route list in order (RFC 3261 §12.1.1).
        foreach (var recordRoute in invite.Headers.GetLines(SipHeaderNames.RecordRoute))
        {
            request.Headers.Add(SipHeaderNames.Route, recordRoute);
        }

        request.Headers.Add(SipHeaderNames.UserAgent, options.UserAgent);
        request.Headers.Add(SipHeaderNames.ContentLength, "0");
        return request;
    }
}
