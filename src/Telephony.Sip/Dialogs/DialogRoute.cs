using Telephony.Sip.Messages;

namespace Telephony.Sip.Dialogs;

/// <summary>
/// How a dialog's requests are addressed (RFC 3261 §12.1): our party with our tag (From), the far end's with its
/// tag (To), the remote target (the far end's Contact) and the route set. Only the remote target changes once the
/// dialog exists, on a target refresh (§12.2).
/// </summary>
internal sealed class DialogRoute
{
    private DialogRoute(string localParty, string remoteParty, SipUri remoteTarget, IReadOnlyList<string> routeSet)
    {
        LocalParty = localParty;
        RemoteParty = remoteParty;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
    }

    /// <summary>The From value of our requests, with our tag.</summary>
    public string LocalParty { get; }

    /// <summary>The To value of our requests, with the far end's tag (when it sent one).</summary>
    public string RemoteParty { get; }

    /// <summary>The Request-URI of our requests (unless a strict router stands first in the route set).</summary>
    public SipUri RemoteTarget { get; }

    /// <summary>Route values in the order our requests carry them.</summary>
    public IReadOnlyList<string> RouteSet { get; }

    /// <summary>The URI whose host our requests are sent to: the first route, else the remote target (§8.1.2).</summary>
    public SipUri FirstHop => RouteSet.Count > 0 && NameAddress.TryParse(RouteSet[0], out var route) ? route!.Uri : RemoteTarget;

    /// <summary>UAS side (§12.1.1): the route set is the INVITE's Record-Route in order; the target its Contact.</summary>
    public static DialogRoute ForUas(SipRequest invite, string localTag)
    {
        var local = invite.To;
        local.Tag = localTag;
        var routes = invite.Headers.GetValues(SipHeaderNames.RecordRoute).Where(r => r.Length > 0).ToList();
        return new DialogRoute(local.ToString(), invite.Headers.Get(SipHeaderNames.From)!, ContactOf(invite) ?? invite.From.Uri, routes);
    }

    /// <summary>
    /// UAC side (§12.1.2): the route set is the 2xx's Record-Route in reverse; the target its Contact. Null when the
    /// 2xx has no To tag: no dialog can be built from it.
    /// </summary>
    public static DialogRoute? ForUac(SipRequest invite, SipResponse success)
    {
        var toText = success.Headers.Get(SipHeaderNames.To);
        if (toText is null || !NameAddress.TryParse(toText, out var to) || to!.Tag is null)
        {
            return null;
        }

        var routes = success.Headers.GetValues(SipHeaderNames.RecordRoute).Where(r => r.Length > 0).Reverse().ToList();
        return new DialogRoute(invite.Headers.Get(SipHeaderNames.From)!, toText, ContactOf(success) ?? invite.RequestUri, routes);
    }

    public DialogRoute WithRemoteTarget(SipUri remoteTarget) => new(LocalParty, RemoteParty, remoteTarget, RouteSet);

    /// <summary>The first Contact of a message when it is a SIP URI we could send requests to.</summary>
    public static SipUri? ContactOf(SipMessage message)
    {
        var contacts = message.Headers.GetValues(SipHeaderNames.Contact);
        return contacts.Count > 0 && NameAddress.TryParse(contacts[0], out var contact) && contact!.Uri.IsSip ? contact.Uri : null;
    }
}
