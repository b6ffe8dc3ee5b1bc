using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Uac;

/// <summary>Where a request whose first Route names a proxy goes: that URI's address, port and transport (RFC 3263 without DNS).</summary>
public static class RouteHop
{
    /// <summary>
    /// The address of a Route or Path value (<c>&lt;sip:192.0.2.10:5060;lr;transport=tcp&gt;</c>) when its host is an IP
    /// literal; null otherwise (the stack does no DNS) or when it is not a SIP name-addr.
    /// </summary>
    public static (IPEndPoint EndPoint, SipTransportKind Transport)? TryResolve(string route)
    {
        if (!NameAddress.TryParse(route, out var entry) || !entry!.Uri.IsSip || entry.Uri.TryGetAddress() is not { } address)
        {
            return null;
        }

        var uri = entry.Uri;
        var tcp = string.Equals(uri.Transport, "tcp", StringComparison.OrdinalIgnoreCase);
        return (new IPEndPoint(address, uri.Port ?? (uri.Scheme == "sips" ? 5061 : 5060)), tcp ? SipTransportKind.Tcp : SipTransportKind.Udp);
    }
}
