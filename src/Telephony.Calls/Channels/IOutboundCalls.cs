using System.Net;
using Telephony.Sip.Uac;

namespace Telephony.Calls.Channels;

/// <summary>
/// The node's SIP endpoint as the call layer uses it to place calls: only to agents' registered phones (and, with the
/// callbacks, to citizens through the trunk). Nothing else in the service can make it dial out.
/// </summary>
public interface IOutboundCalls
{
    /// <summary>Our address as <paramref name="destination"/> will see it: what an SDP offer's c= line must carry.</summary>
    IPAddress LocalAddressFor(IPEndPoint destination);

    Task<OutgoingCall> CallAsync(OutgoingCallRequest request, CancellationToken cancellationToken);
}
