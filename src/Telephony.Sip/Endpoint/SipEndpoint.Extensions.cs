using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>
/// Messages taken by the registrar and the UAC before the UAS dispatch: REGISTER (when a registrar is
/// attached) and responses to our INVITEs.
/// </summary>
public sealed partial class SipEndpoint
{
    private void OnMessageWithExtensions(SipMessage message, SipFlow flow)
    {
        try
        {
            var handled = message switch
            {
                SipResponse response => TryHandleUacResponse(response),
                SipRequest request => TryHandleRegister(request, flow),
                _ => false,
            };
            if (handled)
            {
                return;
            }
        }
        catch (SipParseException e)
        {
            // A header the extensions need is malformed: the UAS dispatch answers or drops it as usual.
            _log.Log(SipLogLevel.Debug, $"Malformed message from {flow}: {e.ReasonPhrase}");
        }
        catch (Exception e)
        {
            _log.Log(SipLogLevel.Error, $"Unexpected failure handling a message from {flow}", e);
            return;
        }

        OnMessage(message, flow);
    }

    /// <summary>
    /// Stamps the Via and opens a non-INVITE server transaction, or answers a retransmission from the existing one.
    /// Returns null when the request was fully dealt with (dropped or retransmission).
    /// </summary>
    private NonInviteServerTransaction? OpenServerTransaction(SipRequest request, SipFlow flow)
    {
        if (!ViaRouting.StampTopVia(request, flow.Remote))
        {
            return null;
        }

        var key = TransactionKey.ForServer(request);
        if (_serverTransactions.TryGetValue(key, out var existing))
        {
            existing.OnRetransmission();
            return null;
        }

        var transaction = new NonInviteServerTransaction(key, request, flow, Transport, _timers, _time, _log, RemoveTransaction);
        if (!_serverTransactions.TryAdd(key, transaction))
        {
            transaction.Dispose();
            return null;
        }

        return transaction;
    }
}
