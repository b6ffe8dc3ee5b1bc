using System.Globalization;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Dialogs;

/// <summary>Requests inside a dialog, whichever side created it (RFC 3261 §12.2.1.1): BYE, and the ACK of a 2xx.</summary>
internal static class DialogRequestFactory
{
    public static SipRequest Create(string callId, DialogRoute route, string method, uint cseq, string via, string userAgent, KeyValuePair<string, string>? authorization = null)
    {
        var (requestUri, routes) = Address(route);
        var request = new SipRequest(method, requestUri);
        request.Headers.Add(SipHeaderNames.Via, via);
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        request.Headers.Add(SipHeaderNames.From, route.LocalParty);
        request.Headers.Add(SipHeaderNames.To, route.RemoteParty);
        request.Headers.Add(SipHeaderNames.CallId, callId);
        request.Headers.Add(SipHeaderNames.CSeq, $"{cseq.ToString(CultureInfo.InvariantCulture)} {method}");
        foreach (var value in routes)
        {
            request.Headers.Add(SipHeaderNames.Route, value);
        }

        if (authorization is { } header)
        {
            request.Headers.Add(header.Key, header.Value);
        }

        request.Headers.Add(SipHeaderNames.UserAgent, userAgent);
        request.Headers.Add(SipHeaderNames.ContentLength, "0");
        return request;
    }

    /// <summary>
    /// A loose router (";lr") first in the route set leaves the remote target as Request-URI; a strict router
    /// (RFC 2543) wants its own URI there, the rest of the route set, then the remote target, as Route.
    /// </summary>
    private static (SipUri RequestUri, IEnumerable<string> Routes) Address(DialogRoute route)
    {
        if (route.RouteSet.Count == 0 || !NameAddress.TryParse(route.RouteSet[0], out var first) || first!.Uri.Parameters.Contains("lr"))
        {
            return (route.RemoteTarget, route.RouteSet);
        }

        return (first.Uri, route.RouteSet.Skip(1).Append($"<{route.RemoteTarget}>"));
    }
}
