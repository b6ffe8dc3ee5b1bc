using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Dialogs;

/// <summary>What a dialog, of either direction, needs from the endpoint that owns it.</summary>
internal interface IDialogHost
{
    SipEndpointOptions Options { get; }

    ISipLog Log { get; }

    TimeProvider Time { get; }

    /// <summary>Runs a non-INVITE client transaction (BYE, CANCEL) to completion; null on timeout.</summary>
    Task<SipResponse?> SendNonInviteAsync(SipRequest request, SipFlow flow);

    /// <summary>A Via value for a new request on this flow, with a fresh branch and rport.</summary>
    string NewVia(SipFlow flow, IPAddress localAddress);

    /// <summary>Drops the dialog from the endpoint's table: requests naming it get 481 from now on.</summary>
    void Forget(SipDialog dialog);
}
