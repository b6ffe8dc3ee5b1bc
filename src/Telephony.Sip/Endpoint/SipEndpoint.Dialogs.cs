using System.Collections.Concurrent;
using System.Net;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;
using Telephony.Sip.Uac;

namespace Telephony.Sip;

/// <summary>
/// One dialog table for calls of both directions, and the requests the far end sends inside them: re-INVITE,
/// BYE, INFO and OPTIONS reach whichever dialog matches Call-ID, our tag and its tag; none matches: 481.
/// </summary>
public sealed partial class SipEndpoint : IDialogHost
{
    private readonly ConcurrentDictionary<string, SipDialog> _dialogs = new();

    /// <summary>Incoming calls whose dialog is still known (not terminated).</summary>
    public int ActiveCallCount => _dialogs.Count(pair => pair.Value is IncomingCall);

    /// <summary>Outgoing calls whose dialog is up.</summary>
    public int OutgoingCallCount => _dialogs.Count(pair => pair.Value is OutgoingCall);

    SipEndpointOptions IDialogHost.Options => _options;

    ISipLog IDialogHost.Log => _log;

    TimeProvider IDialogHost.Time => _time;

    async Task<SipResponse?> IDialogHost.SendNonInviteAsync(SipRequest request, SipFlow flow)
    {
        var key = TransactionKey.ForClient(request.TopVia.Branch!, request.Method);
        var transaction = new NonInviteClientTransaction(key, request, flow, Transport, _timers, _time, _log, t => _clientTransactions.TryRemove(t.Key, out _));
        _clientTransactions[key] = transaction;
        return await transaction.StartAsync().ConfigureAwait(false);
    }

    string IDialogHost.NewVia(SipFlow flow, IPAddress localAddress)
    {
        var via = new ViaHeader(flow.Kind == SipTransportKind.Tcp ? "TCP" : "UDP", localAddress.ToString(), flow.Local.Port, SipIds.NewBranch());
        via.Parameters.Set("rport", null);
        return via.ToString();
    }

    void IDialogHost.Forget(SipDialog dialog)
    {
        _dialogs.TryRemove(new KeyValuePair<string, SipDialog>(dialog.DialogKey, dialog));
        ReleaseCall(dialog);
    }

    private void Track(SipDialog dialog) => _dialogs[dialog.DialogKey] = dialog;

    private SipDialog? FindDialog(SipRequest request) =>
        request.To.Tag is { } localTag && _dialogs.TryGetValue(SipDialog.KeyFor(request.CallId!, localTag, request.From.Tag), out var dialog)
            ? dialog
            : null;

    /// <summary>
    /// BYE, INFO and OPTIONS naming a dialog. The dialog hears of a BYE or digit before the far end sees our 200:
    /// a peer that acts on the 200 must find the call already in its new state.
    /// </summary>
    private SipResponse AnswerInDialog(SipRequest request)
    {
        if (FindDialog(request) is not { } dialog)
        {
            return ResponseBuilder.Create(request, 481, "Call/Transaction Does Not Exist", null, _options.UserAgent);
        }

        if (!dialog.AcceptRemoteRequest(request))
        {
            return OutOfOrder(request);
        }

        switch (request.Method)
        {
            case SipMethods.Options:
                return CreateOptionsResponse(request);
            case SipMethods.Bye:
                dialog.OnRemoteBye();
                break;
            default:
                dialog.OnInfo(request);
                break;
        }

        return ResponseBuilder.Create(request, 200, "OK", null, _options.UserAgent);
    }

    private void HandleReInvite(InviteServerTransaction transaction)
    {
        var reInvite = transaction.Request;
        if (FindDialog(reInvite) is not { } dialog)
        {
            _ = transaction.RespondAsync(ResponseBuilder.Create(reInvite, 481, "Call/Transaction Does Not Exist", null, _options.UserAgent));
            return;
        }

        if (!dialog.AcceptRemoteRequest(reInvite))
        {
            _ = transaction.RespondAsync(OutOfOrder(reInvite));
            return;
        }

        var pending = dialog.CreateReInviteResponseAsync(reInvite);
        if (pending.IsCompletedSuccessfully)
        {
            SendReInviteResponse(transaction, pending.Result);
            return;
        }

        // The application is computing the answer (ReinviteHandler): stop the far end's retransmissions meanwhile.
        _ = transaction.RespondAsync(ResponseBuilder.Create(reInvite, 100, "Trying", null, _options.UserAgent));
        _ = CompleteReInviteAsync(transaction, pending);
    }

    private async Task CompleteReInviteAsync(InviteServerTransaction transaction, ValueTask<SipResponse> pending)
    {
        try
        {
            SendReInviteResponse(transaction, await pending.ConfigureAwait(false));
        }
        catch (Exception e)
        {
            _log.Log(SipLogLevel.Error, $"re-INVITE of {transaction.Request.CallId} could not be answered", e);
        }
    }

    private void SendReInviteResponse(InviteServerTransaction transaction, SipResponse response)
    {
        if (response.IsSuccess)
        {
            // The ACK of this 2xx is absorbed by the transaction, never shown to the application.
            ((ICallHost)this).ExpectAck(transaction.Request.CallId!, transaction.Request.CSeq.Number, transaction);
        }

        _ = transaction.RespondAsync(response);
    }

    // A CSeq lower than the dialog's last one from the far end (RFC 3261 §12.2.2).
    private SipResponse OutOfOrder(SipRequest request) =>
        ResponseBuilder.Create(request, 500, "Out of Order Request", null, _options.UserAgent);
}
