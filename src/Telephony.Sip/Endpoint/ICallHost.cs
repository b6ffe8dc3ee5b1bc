using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>What a call needs from the endpoint that owns it.</summary>
internal interface ICallHost
{
    SipEndpointOptions Options { get; }

    ISipLog Log { get; }

    TimeProvider Time { get; }

    /// <summary>The 2xx sent in this transaction waits for an ACK matched by Call-ID and CSeq number.</summary>
    void ExpectAck(string callId, uint cseq, InviteServerTransaction transaction);

    /// <summary>Runs a non-INVITE client transaction (BYE) to completion; null on timeout.</summary>
    Task<SipResponse?> SendRequestAsync(SipRequest request, SipFlow flow);

    void Forget(IncomingCall call);
}
