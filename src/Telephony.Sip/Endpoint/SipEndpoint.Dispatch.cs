using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>Inbound message dispatch: transaction matching, then the UAS rules of RFC 3261 §8.2.</summary>
public sealed partial class SipEndpoint
{
    private static readonly HashSet<string> KnownButNotAllowed =
        [SipMethods.Register, SipMethods.Subscribe, SipMethods.Notify, SipMethods.Refer, SipMethods.Message, SipMethods.Update, SipMethods.Prack, SipMethods.Publish];

    // Option tags this UAS implements: none yet, so any Require gets 420 (RFC 3261 §8.2.2.3).
    private static readonly HashSet<string> SupportedOptionTags = new(StringComparer.OrdinalIgnoreCase);

    private readonly MergedRequestDetector _mergedRequests = new();

    private void OnMessage(SipMessage message, SipFlow flow)
    {
        try
        {
            switch (message)
            {
                case SipRequest request:
                    HandleRequest(request, flow);
                    break;
                case SipResponse response:
                    HandleResponse(response);
                    break;
            }
        }
        catch (Exception e)
        {
            // Nothing a peer sends may take the endpoint down.
            _log.Log(SipLogLevel.Error, $"Unexpected failure handling a message from {flow}", e);
        }
    }

    private void OnParseError(SipParseException error, SipFlow flow)
    {
        _log.Log(SipLogLevel.Debug, $"Malformed message from {flow}: {error.StatusCode} {error.ReasonPhrase}");
        if (error.PartialMessage is SipRequest request && request.Method != SipMethods.Ack)
        {
            RespondStatelessly(request, flow, error.StatusCode, error.ReasonPhrase);
        }
    }

    private void OnOversized(ReadOnlyMemory<byte> data, SipFlow flow)
    {
        _log.Log(SipLogLevel.Warning, $"Message of {data.Length} bytes from {flow} exceeds {_options.MaxMessageBytes}");
        try
        {
            if (SipParser.Parse(data.Span) is SipRequest { Method: not SipMethods.Ack } request)
            {
                RespondStatelessly(request, flow, 513, "Message Too Large");
            }
        }
        catch (SipParseException)
        {
            // dropped
        }
    }

    private void RespondStatelessly(SipRequest request, SipFlow flow, int status, string reason)
    {
        if (request.TopViaText is null)
        {
            return;
        }

        // A Via too broken to stamp (RFC 4475 badinv01) still gets its 400: the transport then answers the packet's source.
        ViaRouting.StampTopVia(request, flow.Remote);
        var response = ResponseBuilder.Create(request, status, reason, SipIds.NewTag(), _options.UserAgent);
        _ = SendStatelessAsync(response, flow);
    }

    private async Task SendStatelessAsync(SipResponse response, SipFlow flow)
    {
        try
        {
            await Transport.SendResponseAsync(response, flow).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            _log.Log(SipLogLevel.Debug, $"Stateless {response.StatusCode} to {flow} failed", e);
        }
    }

    private void HandleResponse(SipResponse response)
    {
        var branch = response.TopVia.Branch;
        if (branch is not null && _clientTransactions.TryGetValue(TransactionKey.ForClient(branch, response.CSeq.Method), out var transaction))
        {
            transaction.OnResponse(response);
        }
    }

    private void HandleRequest(SipRequest request, SipFlow flow)
    {
        if (!ViaRouting.StampTopVia(request, flow.Remote))
        {
            return;
        }

        if (request.Method == SipMethods.Ack)
        {
            HandleAck(request);
            return;
        }

        var key = TransactionKey.ForServer(request);
        if (_serverTransactions.TryGetValue(key, out var existing))
        {
            existing.OnRetransmission();
            return;
        }

        var gate = AdmitNewInvite(request, flow);
        if (gate == InviteGate.Dropped)
        {
            return;
        }

        ServerTransaction transaction = request.Method == SipMethods.Invite
            ? new InviteServerTransaction(key, request, flow, Transport, _timers, _time, _log, RemoveTransaction)
            : new NonInviteServerTransaction(key, request, flow, Transport, _timers, _time, _log, RemoveTransaction);
        if (!_serverTransactions.TryAdd(key, transaction))
        {
            transaction.Dispose();
            if (gate == InviteGate.Counted)
            {
                _guard!.InviteEnded(flow.Remote.Address);
            }

            return;
        }

        if (gate == InviteGate.Counted)
        {
            TrackInviteInFlight((InviteServerTransaction)transaction);
        }
        else if (gate == InviteGate.Forbidden)
        {
            // The same answer whatever number was dialled: nothing tells a stranger which numbers are lines.
            _ = ((InviteServerTransaction)transaction).RespondAsync(ResponseBuilder.Create(request, 403, "Forbidden", SipIds.NewTag(), _options.UserAgent));
            return;
        }

        if (!_mergedRequests.TryRegister(request, key))
        {
            // Same request arriving along a second path (RFC 3261 §8.2.2.2): refuse it, keep the first.
            var loop = ResponseBuilder.Create(request, 482, "Loop Detected", SipIds.NewTag(), _options.UserAgent);
            _ = transaction is InviteServerTransaction inviteTransaction ? inviteTransaction.RespondAsync(loop) : ((NonInviteServerTransaction)transaction).RespondAsync(loop);
            return;
        }

        if (transaction is InviteServerTransaction invite)
        {
            HandleInvite(invite);
        }
        else
        {
            HandleNonInvite((NonInviteServerTransaction)transaction);
        }
    }

    private void RemoveTransaction(ServerTransaction transaction)
    {
        _serverTransactions.TryRemove(new KeyValuePair<string, ServerTransaction>(transaction.Key, transaction));
        _mergedRequests.Release(transaction.Request, transaction.Key);
        if (transaction is InviteServerTransaction invite)
        {
            ReleaseInviteInFlight(invite);
            _callsByInvite.TryRemove(invite, out _);
            _awaitingAck.TryRemove(new KeyValuePair<string, InviteServerTransaction>(AckKey(invite.Request.CallId!, invite.Request.CSeq.Number), invite));
        }
    }

    private void HandleAck(SipRequest ack)
    {
        // ACK of a non-2xx final response: same branch as the INVITE (RFC 3261 §17.2.3).
        if (_serverTransactions.TryGetValue(TransactionKey.ForServer(ack), out var transaction) && transaction is InviteServerTransaction invite
            && invite.State == InviteServerState.Completed)
        {
            invite.OnAck();
            ReleaseInviteInFlight(invite);
            return;
        }

        // ACK of a 2xx: a new transaction of its own, matched to the dialog's INVITE by Call-ID and CSeq.
        if (_awaitingAck.TryGetValue(AckKey(ack.CallId!, ack.CSeq.Number), out var accepted))
        {
            accepted.OnAck(ack);
            ReleaseInviteInFlight(accepted);
            // A TCP caller whose call is confirmed keeps its connection for the whole call, however quiet.
            accepted.Flow.Connection?.MarkProven();
        }
    }

    /// <summary>Checks every request gets before its method is looked at; returns an error response or null.</summary>
    private SipResponse? CheckGenerally(SipRequest request)
    {
        if (request.MaxForwards == 0)
        {
            return ResponseBuilder.Create(request, 483, "Too Many Hops", SipIds.NewTag(), _options.UserAgent);
        }

        if (!request.RequestUri.IsSip && request.RequestUri.Scheme != "tel")
        {
            return ResponseBuilder.Create(request, 416, "Unsupported URI Scheme", SipIds.NewTag(), _options.UserAgent);
        }

        if (request.Method is SipMethods.Cancel)
        {
            return null;
        }

        var unsupported = request.Headers.GetValues(SipHeaderNames.Require).Where(tag => tag.Length > 0 && !SupportedOptionTags.Contains(tag)).ToList();
        if (unsupported.Count > 0)
        {
            var response = ResponseBuilder.Create(request, 420, "Bad Extension", SipIds.NewTag(), _options.UserAgent);
            response.Headers.Insert(response.Headers.Count - 1, SipHeaderNames.Unsupported, string.Join(", ", unsupported));
            return response;
        }

        return null;
    }
}
