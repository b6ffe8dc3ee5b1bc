using System.Net;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Uac;

/// <summary>What outgoing calls need from the endpoint beyond what every dialog does.</summary>
internal interface IUacHost : IDialogHost
{
    /// <summary>64*T1.</summary>
    TimeSpan TransactionTimeout { get; }

    /// <summary>A registered, not yet started INVITE client transaction (subscribe, then Start).</summary>
    InviteClientTransaction CreateInviteTransaction(SipRequest invite, SipFlow flow);

    /// <summary>Sends a request outside any transaction (the ACK of a 2xx).</summary>
    Task SendDirectAsync(SipRequest request, SipFlow flow);

    SipFlow FlowTo(IPEndPoint destination, SipTransportKind kind);

    /// <summary>The dialog of an answered call joins the endpoint's table: the far end's requests reach it from now on.</summary>
    void Track(OutgoingCall call);
}
