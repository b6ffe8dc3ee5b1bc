using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Uac;

/// <summary>What outgoing calls need from the endpoint that owns them.</summary>
internal interface IUacHost
{
    SipEndpointOptions Options { get; }

    ISipLog Log { get; }

    TimeProvider Time { get; }

    /// <summary>64*T1.</summary>
    TimeSpan TransactionTimeout { get; }

    /// <summary>A registered, not yet started INVITE client transaction (subscribe, then Start).</summary>
    InviteClientTransaction CreateInviteTransaction(SipRequest invite, SipFlow flow);

    /// <summary>Runs a non-INVITE client transaction (CANCEL, BYE); null on timeout.</summary>
    Task<SipResponse?> SendNonInviteAsync(SipRequest request, SipFlow flow);

    /// <summary>Sends a request outside any transaction (the ACK of a 2xx).</summary>
    Task SendDirectAsync(SipRequest request, SipFlow flow);

    SipFlow FlowTo(IPEndPoint destination, SipTransportKind kind);

    /// <summary>A Via value for a new request on this flow, with a fresh branch and rport.</summary>
    string NewVia(SipFlow flow, IPAddress localAddress);

    void Track(OutgoingCall call);

    void Forget(OutgoingCall call);
}
