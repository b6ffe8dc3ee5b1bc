using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>What transactions need from the transport layer.</summary>
internal interface ISipSender
{
    /// <summary>Sends a response back along the request's flow, routed per its top Via (RFC 3261 §18.2.2, RFC 3581).</summary>
    Task SendResponseAsync(SipResponse response, SipFlow flow);

    /// <summary>Sends a request to the peer of a flow (same TCP connection when still open).</summary>
    Task SendRequestAsync(SipRequest request, SipFlow flow);
}
