using System.Net;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Uac;

/// <summary>
/// UAC dialog state fixed by the 2xx (RFC 3261 §12.1.2): remote tag, remote target from Contact,
/// route set from Record-Route in reverse order.
/// </summary>
internal sealed class OutgoingDialog
{
    private OutgoingDialog(string callId, string localAddress, string remoteAddress, string remoteTag, SipUri remoteTarget, IReadOnlyList<string> routeSet)
    {
        CallId = callId;
        LocalAddress = localAddress;
        RemoteAddress = remoteAddress;
        RemoteTag = remoteTag;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
    }

    public string CallId { get; }

    /// <summary>Our From value, with our tag.</summary>
    public string LocalAddress { get; }

    /// <summary>Their To value, with their tag.</summary>
    public string RemoteAddress { get; }

    public string RemoteTag { get; }

    public SipUri RemoteTarget { get; }

    /// <summary>Route header values in the order they are sent.</summary>
    public IReadOnlyList<string> RouteSet { get; }

    /// <summary>The dialog of a 2xx, or null when the 2xx lacks a To tag (then it cannot be answered in-dialog).</summary>
    public static OutgoingDialog? FromSuccess(SipRequest invite, SipResponse success)
    {
        var toText = success.Headers.Get(SipHeaderNames.To);
        if (toText is null || !NameAddress.TryParse(toText, out var to) || to!.Tag is null)
        {
            return null;
        }

        var contacts = success.Headers.GetValues(SipHeaderNames.Contact);
        var target = contacts.Count > 0 && NameAddress.TryParse(contacts[0], out var contact) && contact!.Uri.IsSip ? contact.Uri : invite.RequestUri;
        var routes = success.Headers.GetValues(SipHeaderNames.RecordRoute).Where(r => r.Length > 0).Reverse().ToList();
        return new OutgoingDialog(invite.CallId!, invite.Headers.Get(SipHeaderNames.From)!, toText, to.Tag, target, routes);
    }

    /// <summary>
    /// Where in-dialog requests go: the first route, else the remote target, when its host is an IP literal;
    /// otherwise (a name would need DNS) the address the INVITE was sent to.
    /// </summary>
    public IPEndPoint NextHop(IPEndPoint inviteDestination)
    {
        var uri = RouteSet.Count > 0 && NameAddress.TryParse(RouteSet[0], out var route) ? route!.Uri : RemoteTarget;
        return uri.TryGetAddress() is { } address ? new IPEndPoint(address, uri.Port ?? (uri.Scheme == "sips" ? 5061 : 5060)) : inviteDestination;
    }
}
