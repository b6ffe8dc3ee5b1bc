using System.Net;
using Telephony.Sip;
using Telephony.Sip.Uac;

namespace Telephony.Calls.Channels;

/// <summary>
/// Gives the call layer the node's SIP endpoint once the host has started it (the endpoint is created after the
/// container is built, because it needs the call handler).
/// </summary>
public sealed class SipEndpointHolder : IOutboundCalls
{
    private volatile SipEndpoint? _endpoint;

    public void Attach(SipEndpoint endpoint) => _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));

    public void Detach() => _endpoint = null;

    public IPAddress LocalAddressFor(IPEndPoint destination) => Endpoint.GetLocalAddressFor(destination);

    public Task<OutgoingCall> CallAsync(OutgoingCallRequest request, CancellationToken cancellationToken) =>
        Endpoint.CallAsync(request, cancellationToken);

    private SipEndpoint Endpoint => _endpoint ?? throw new InvalidOperationException("The SIP endpoint is not started.");
}
