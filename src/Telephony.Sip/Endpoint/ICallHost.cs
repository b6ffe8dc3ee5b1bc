using Telephony.Sip.Dialogs;
using Telephony.Sip.Transactions;

namespace Telephony.Sip;

/// <summary>What an incoming call needs from the endpoint beyond what every dialog does.</summary>
internal interface ICallHost : IDialogHost
{
    /// <summary>The 2xx sent in this transaction waits for an ACK matched by Call-ID and CSeq number.</summary>
    void ExpectAck(string callId, uint cseq, InviteServerTransaction transaction);
}
