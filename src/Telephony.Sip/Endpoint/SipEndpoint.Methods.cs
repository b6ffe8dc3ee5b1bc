using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>What the UAS does with each method.</summary>
public sealed partial class SipEndpoint
{
    private void HandleInvite(InviteServerTransaction transaction)
    {
        var invite = transaction.Request;
        if (CheckGenerally(invite) is { } error)
        {
            _ = transaction.RespondAsync(error);
            return;
        }

        if (InviteBodyRules.Check(invite, _options.UserAgent) is { } unacceptable)
        {
            _ = transaction.RespondAsync(unacceptable);
            return;
        }

        if (invite.To.Tag is not null)
        {
            HandleReInvite(transaction);
            return;
        }

        if (!AdmitCallFromSource(transaction, out var counted))
        {
            return;
        }

        // 100 Trying at once so the caller stops retransmitting (RFC 3261 §17.2.1).
        _ = transaction.RespondAsync(ResponseBuilder.Create(invite, 100, "Trying", null, _options.UserAgent));
        var localAddress = AddressNormalizer.ResolveLocalAddressFor(transaction.Flow.Local.Address, transaction.Flow.Remote.Address);
        var call = new IncomingCall(this, transaction, localAddress);
        if (counted)
        {
            HoldCall(call, transaction.Flow.Remote.Address);
        }

        Track(call);
        _callsByInvite[transaction] = call;
        _log.Log(SipLogLevel.Information, $"Incoming call {call.CallId} over {transaction.Flow}");
        _ = Task.Run(async () =>
        {
            try
            {
                await _handler.OnIncomingCallAsync(call).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.Log(SipLogLevel.Error, $"Call handler failed for {call.CallId}", e);
                if (!call.Terminated.IsCompleted)
                {
                    try
                    {
                        await call.RejectAsync(500, "Server Internal Error").ConfigureAwait(false);
                    }
                    catch (InvalidOperationException)
                    {
                        await call.HangUpAsync().ConfigureAwait(false);
                    }
                }
            }
        });
    }

    private void HandleNonInvite(NonInviteServerTransaction transaction)
    {
        var request = transaction.Request;
        if (request.Method == SipMethods.Cancel && CheckGenerally(request) is null && FindCancelledCall(request) is { } cancelled)
        {
            _ = AcceptCancelAsync(transaction, cancelled);
            return;
        }

        var response = CheckGenerally(request) ?? request.Method switch
        {
            SipMethods.Options when request.To.Tag is null => CreateOptionsResponse(request),
            SipMethods.Options or SipMethods.Bye or SipMethods.Info => AnswerInDialog(request),
            SipMethods.Cancel => HandleCancel(request),
            _ when KnownButNotAllowed.Contains(request.Method) => WithAllow(ResponseBuilder.Create(request, 405, "Method Not Allowed", SipIds.NewTag(), _options.UserAgent)),
            _ => ResponseBuilder.Create(request, 501, "Not Implemented", SipIds.NewTag(), _options.UserAgent),
        };
        _ = transaction.RespondAsync(response);
    }

    private SipResponse CreateOptionsResponse(SipRequest options)
    {
        var response = WithAllow(ResponseBuilder.Create(options, 200, "OK", options.To.Tag is null ? SipIds.NewTag() : null, _options.UserAgent));
        response.Headers.Insert(response.Headers.Count - 1, SipHeaderNames.Accept, "application/sdp, application/dtmf-relay");
        response.Headers.Insert(response.Headers.Count - 1, SipHeaderNames.Supported, string.Empty);
        return response;
    }

    private SipResponse WithAllow(SipResponse response)
    {
        // REGISTER is a method of ours only when a registrar serves agent phones.
        response.Headers.Insert(response.Headers.Count - 1, SipHeaderNames.Allow, Registrar is null ? AllowedMethods : AllowedMethods + ", REGISTER");
        return response;
    }

    private IncomingCall? FindCancelledCall(SipRequest cancel) =>
        // CANCEL matches the INVITE server transaction with the same branch (RFC 3261 §9.2).
        _serverTransactions.TryGetValue(TransactionKey.ForCancelledInvite(cancel), out var target)
            && target is InviteServerTransaction { State: InviteServerState.Proceeding } invite
            && _callsByInvite.TryGetValue(invite, out var call)
            ? call
            : null;

    private async Task AcceptCancelAsync(NonInviteServerTransaction transaction, IncomingCall call)
    {
        // 200 to the CANCEL goes out before the INVITE's 487, the order callers (and sipp) expect.
        try
        {
            await transaction.RespondAsync(ResponseBuilder.Create(transaction.Request, 200, "OK", call.LocalTag, _options.UserAgent)).ConfigureAwait(false);
        }
        finally
        {
            call.OnCancelled();
        }
    }

    private SipResponse HandleCancel(SipRequest cancel) =>
        // Reached only when no ringing call matches. A CANCEL that matches an INVITE already answered has no effect
        // but still gets 200 (RFC 3261 §9.2); one that matches nothing gets 481.
        _serverTransactions.ContainsKey(TransactionKey.ForCancelledInvite(cancel))
            ? ResponseBuilder.Create(cancel, 200, "OK", SipIds.NewTag(), _options.UserAgent)
            : ResponseBuilder.Create(cancel, 481, "Call/Transaction Does Not Exist", SipIds.NewTag(), _options.UserAgent);
}
