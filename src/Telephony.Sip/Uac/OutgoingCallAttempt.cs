using System.Globalization;
using Telephony.Sip.Auth;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Uac;

/// <summary>
/// Drives one outbound INVITE to its final answer: one retry with Digest credentials on 401/407,
/// CANCEL when the caller gives up or the ring timeout passes (sent once a provisional response
/// proved the far end has the INVITE, RFC 3261 §9.1), ACK then BYE for a 2xx that races a CANCEL.
/// </summary>
internal sealed class OutgoingCallAttempt
{
    private readonly IUacHost _host;
    private readonly OutgoingCallRequest _request;
    private readonly OutgoingCall _call;
    private readonly object _gate = new();
    private InviteClientTransaction? _current;
    private OutgoingCallOutcome? _cancelOutcome;
    private bool _cancelSent;

    public OutgoingCallAttempt(IUacHost host, OutgoingCallRequest request, OutgoingCall call)
    {
        _host = host;
        _request = request;
        _call = call;
    }

    public async Task<OutgoingCall> RunAsync(CancellationToken cancellationToken)
    {
        using var ringTimeout = new CancellationTokenSource(_request.RingTimeout, _host.Time);
        using var byCaller = cancellationToken.Register(() => RequestCancel(OutgoingCallOutcome.Cancelled));
        using var byTimeout = ringTimeout.Token.Register(() => RequestCancel(OutgoingCallOutcome.NoAnswer));
        KeyValuePair<string, string>? authorization = null;
        var cseq = 1u;
        var tcpRefused = false;
        while (true)
        {
            var invite = BuildInvite(cseq, authorization);
            if (!tcpRefused && UpgradeToTcp(invite))
            {
                invite = BuildInvite(cseq, authorization);
            }

            var transaction = _host.CreateInviteTransaction(invite, _call.InviteFlow);
            transaction.ResponseReceived += response => OnResponse(transaction, response);
            lock (_gate)
            {
                _current = transaction;
                _cancelSent = false;
            }

            _call.Authorization = authorization;
            transaction.Start();
            var final = await transaction.FinalResponse.ConfigureAwait(false);
            var cancelOutcome = CancelOutcome;
            if (final is null && transaction.TransportFailed && !tcpRefused && _call.InviteFlow.Kind != _request.Transport
                && cancelOutcome is null)
            {
                // The peer would not take the large INVITE over TCP: RFC 3261 §18.1.1 says retry over UDP.
                _host.Log.Log(SipLogLevel.Information, $"Outgoing call {_call.CallId}: TCP refused by {_request.Destination}, retrying the large INVITE over UDP");
                tcpRefused = true;
                _call.InviteFlow = _host.FlowTo(_request.Destination, _request.Transport);
                cseq++;
                continue;
            }

            if (final is null)
            {
                var outcome = cancelOutcome ?? (transaction.TransportFailed ? OutgoingCallOutcome.TransportError : OutgoingCallOutcome.Timeout);
                _call.Complete(outcome, 408, "Request Timeout");
                return _call;
            }

            if (final.IsSuccess)
            {
                if (cancelOutcome is { } cancelled)
                {
                    // The 2xx crossed our CANCEL: the dialog exists, so it is acknowledged and then ended.
                    await _call.HangUpAsync().ConfigureAwait(false);
                    _call.Complete(cancelled, final.StatusCode, final.ReasonPhrase);
                    return _call;
                }

                _call.Complete(OutgoingCallOutcome.Answered, final.StatusCode, final.ReasonPhrase);
                return _call;
            }

            if (authorization is null && cancelOutcome is null && final.StatusCode is 401 or 407 && _request.Credentials is { } credentials
                && Authorize(final, credentials) is { } answer)
            {
                authorization = answer;
                cseq++;
                continue;
            }

            _call.Complete(cancelOutcome is { } reason && final.StatusCode == 487 ? reason : OutgoingCallOutcome.Rejected, final.StatusCode, final.ReasonPhrase);
            return _call;
        }
    }

    private OutgoingCallOutcome? CancelOutcome
    {
        get
        {
            lock (_gate)
            {
                return _cancelOutcome;
            }
        }
    }

    private KeyValuePair<string, string>? Authorize(SipResponse challengeResponse, SipClientCredentials credentials)
    {
        var proxy = challengeResponse.StatusCode == 407;
        var challenges = challengeResponse.Headers.GetLines(proxy ? "Proxy-Authenticate" : "WWW-Authenticate")
            .Select(DigestChallenge.TryParse)
            .OfType<DigestChallenge>();
        foreach (var challenge in challenges)
        {
            if (DigestClient.Answer(challenge, credentials, SipMethods.Invite, _request.Target.ToString()) is { } answer)
            {
                return new KeyValuePair<string, string>(proxy ? "Proxy-Authorization" : "Authorization", answer.ToHeaderValue());
            }
        }

        _host.Log.Log(SipLogLevel.Information, $"Outgoing call {_call.CallId}: no usable challenge in {challengeResponse.StatusCode}");
        return null;
    }

    private void OnResponse(InviteClientTransaction transaction, SipResponse response)
    {
        if (response.IsProvisional)
        {
            ReportProgress(response);
            SendCancelIfRequested(transaction);
            return;
        }

        if (response.IsSuccess)
        {
            _call.OnSuccess(transaction.Request, response);
        }
    }

    private void ReportProgress(SipResponse response)
    {
        try
        {
            _request.Progress?.Report(new OutgoingCallProgress(response.StatusCode, response.ReasonPhrase, response.HasContentType("application/sdp") ? response.Body.ToArray() : ReadOnlyMemory<byte>.Empty));
        }
        catch (Exception e)
        {
            _host.Log.Log(SipLogLevel.Error, $"Outgoing call {_call.CallId}: progress handler failed", e);
        }
    }

    private void RequestCancel(OutgoingCallOutcome outcome)
    {
        InviteClientTransaction? transaction;
        lock (_gate)
        {
            if (_cancelOutcome is not null)
            {
                return;
            }

            _cancelOutcome = outcome;
            transaction = _current;
        }

        if (transaction is { State: InviteClientState.Proceeding })
        {
            SendCancelIfRequested(transaction);
        }
    }

    private void SendCancelIfRequested(InviteClientTransaction transaction)
    {
        lock (_gate)
        {
            if (_cancelOutcome is null || _cancelSent || transaction != _current)
            {
                return;
            }

            _cancelSent = true;
        }

        _ = CancelAsync(transaction);
    }

    private async Task CancelAsync(InviteClientTransaction transaction)
    {
        var cancel = UacMessageFactory.Cancel(transaction.Request);
        var response = await _host.SendNonInviteAsync(cancel, transaction.Flow).ConfigureAwait(false);
        _host.Log.Log(SipLogLevel.Debug, $"Outgoing call {_call.CallId}: CANCEL answered {response?.StatusCode.ToString(CultureInfo.InvariantCulture) ?? "nothing"}");
        // Without a final response 64*T1 after the CANCEL, the INVITE is considered cancelled (RFC 3261 §9.1).
        await Task.Delay(_host.TransactionTimeout, _host.Time).ConfigureAwait(false);
        transaction.Dispose();
    }

    /// <summary>
    /// Moves the INVITE's flow to TCP when it is too large for UDP; true when it did. Never on a pinned flow: a phone
    /// behind NAT is reachable only over the flow it registered on.
    /// </summary>
    private bool UpgradeToTcp(SipRequest invite)
    {
        if (!_request.UpgradeLargeRequestsToTcp || _call.IsFlowPinned || _call.InviteFlow.Kind != SipTransportKind.Udp
            || SipTransportSelector.Choose(invite, SipTransportKind.Udp, peerSupportsTcp: true, _request.PathMtu ?? _host.Options.PathMtu) != SipTransportKind.Tcp)
        {
            return false;
        }

        _call.InviteFlow = _host.FlowTo(_request.Destination, SipTransportKind.Tcp);
        _host.Log.Log(SipLogLevel.Debug, $"Outgoing call {_call.CallId}: INVITE too large for UDP, sent over TCP (RFC 3261 §18.1.1)");
        return true;
    }

    private SipRequest BuildInvite(uint cseq, KeyValuePair<string, string>? authorization)
    {
        var flow = _call.InviteFlow;
        var invite = new SipRequest(SipMethods.Invite, _request.Target);
        var fromUri = new SipUri("sip", _request.FromUser ?? "anonymous", _request.FromHost ?? _call.LocalAddress.ToString());
        var from = new NameAddress(fromUri, _request.FromDisplayName) { Tag = _call.LocalTag };
        invite.Headers.Add(SipHeaderNames.Via, _host.NewVia(flow, _call.LocalAddress));
        invite.Headers.Add(SipHeaderNames.MaxForwards, "70");
        foreach (var route in _request.RouteSet)
        {
            invite.Headers.Add(SipHeaderNames.Route, route);
        }

        invite.Headers.Add(SipHeaderNames.From, from.ToString());
        invite.Headers.Add(SipHeaderNames.To, new NameAddress(_request.Target).ToString());
        invite.Headers.Add(SipHeaderNames.CallId, _call.CallId);
        invite.Headers.Add(SipHeaderNames.CSeq, $"{cseq.ToString(CultureInfo.InvariantCulture)} {SipMethods.Invite}");
        invite.Headers.Add(SipHeaderNames.Contact, $"<{_call.LocalContact}>");
        invite.Headers.Add(SipHeaderNames.Allow, SipEndpoint.AllowedMethods);
        invite.Headers.Add(SipHeaderNames.UserAgent, _host.Options.UserAgent);
        if (authorization is { } header)
        {
            invite.Headers.Add(header.Key, header.Value);
        }

        foreach (var (name, value) in _request.ExtraHeaders)
        {
            invite.Headers.Add(name, value);
        }

        invite.SetBody(_request.SdpOffer.ToArray(), "application/sdp");
        return invite;
    }
}
