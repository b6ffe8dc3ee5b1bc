using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>
/// One inbound call (UAS side of an INVITE dialog): answer, reject, hang up, and learn how it ended.
/// </summary>
public sealed partial class IncomingCall
{
    private readonly ICallHost _host;
    private readonly InviteServerTransaction _inviteTransaction;
    private readonly TaskCompletionSource<CallTermination> _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private ReadOnlyMemory<byte> _answerSdp;
    private bool _answered;
    private bool _byeSent;
    private uint _localCSeq;

    internal IncomingCall(ICallHost host, InviteServerTransaction inviteTransaction, IPAddress localAddress)
    {
        _host = host;
        _inviteTransaction = inviteTransaction;
        Invite = inviteTransaction.Request;
        Flow = inviteTransaction.Flow;
        CallId = Invite.CallId!;
        LocalTag = SipIds.NewTag();
        RemoteTag = Invite.From.Tag;
        DialedUser = Invite.RequestUri.User ?? string.Empty;
        CallerUser = Invite.From.Uri.User;
        RemoteSdp = Invite.HasContentType("application/sdp") ? Invite.Body : ReadOnlyMemory<byte>.Empty;
        RemoteEndPoint = Flow.Remote;
        LocalAddress = localAddress;
        inviteTransaction.TransportFailed += () => Terminate(CallTerminationReason.TransportError);
        inviteTransaction.Unanswered += () => Terminate(CallTerminationReason.Rejected);
    }

    public SipRequest Invite { get; }

    public string CallId { get; }

    /// <summary>Request-URI user part, unescaped, e.g. "3960" or "+33809401401".</summary>
    public string DialedUser { get; }

    /// <summary>From URI user part: a phone number, never log it in clear.</summary>
    public string? CallerUser { get; }

    /// <summary>INVITE body when Content-Type is application/sdp, else empty.</summary>
    public ReadOnlyMemory<byte> RemoteSdp { get; }

    /// <summary>Where the INVITE came from.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Local address the INVITE arrived on (resolved when bound to a wildcard).</summary>
    public IPAddress LocalAddress { get; }

    /// <summary>Our To tag in this dialog.</summary>
    public string LocalTag { get; }

    public string? RemoteTag { get; }

    public Task<CallTermination> Terminated => _terminated.Task;

    /// <summary>SIP INFO digits (application/dtmf-relay, application/dtmf) received inside the dialog.</summary>
    public event Action<char>? InfoDigitReceived;

    internal SipFlow Flow { get; }

    internal string DialogKey => DialogKeyFor(CallId, LocalTag);

    internal static string DialogKeyFor(string callId, string localTag) => $"{callId}|{localTag}";

    public Task SendProvisionalAsync(int statusCode = 180, string reason = "Ringing")
    {
        if (statusCode is < 101 or > 199)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "Provisional responses are 101-199.");
        }

        return _inviteTransaction.RespondAsync(CreateResponse(Invite, statusCode, reason));
    }

    /// <summary>
    /// The SDP body of the ACK that confirmed our 200 OK, empty until then or when it had none. For an INVITE
    /// without an offer, our 200 carried the offer and this is the caller's answer.
    /// </summary>
    public ReadOnlyMemory<byte> AckSdp =>
        _inviteTransaction.Ack is { } ack && ack.HasContentType("application/sdp") ? ack.Body : ReadOnlyMemory<byte>.Empty;

    /// <summary>Sends 200 OK with the SDP answer (or, for an offerless INVITE, our offer); completes when the ACK arrives.</summary>
    /// <exception cref="TimeoutException">No ACK within 64*T1 (the stack then sends BYE itself).</exception>
    public async Task AnswerAsync(ReadOnlyMemory<byte> sdpAnswer)
    {
        lock (_gate)
        {
            if (_answered || Terminated.IsCompleted)
            {
                throw new InvalidOperationException("The call was already answered or has ended.");
            }

            _answered = true;
            _answerSdp = sdpAnswer.ToArray();
        }

        var ok = CreateResponse(Invite, 200, "OK");
        ok.SetBody(_answerSdp, "application/sdp");
        _host.ExpectAck(CallId, Invite.CSeq.Number, _inviteTransaction);
        await _inviteTransaction.RespondAsync(ok).ConfigureAwait(false);
        if (await _inviteTransaction.AckReceived.ConfigureAwait(false))
        {
            return;
        }

        if (Terminated.IsCompleted)
        {
            return;
        }

        _host.Log.Log(SipLogLevel.Warning, $"Call {CallId}: no ACK for 200 OK, hanging up");
        Terminate(CallTerminationReason.AckTimeout);
        _ = SendByeAsync(CallTerminationReason.AckTimeout);
        throw new TimeoutException($"No ACK received for the 200 OK of call {CallId}.");
    }

    public Task RejectAsync(int statusCode, string reason, IReadOnlyList<KeyValuePair<string, string>>? extraHeaders = null)
    {
        if (statusCode is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "Rejections are 300-699.");
        }

        lock (_gate)
        {
            if (_answered)
            {
                throw new InvalidOperationException("The call was already answered.");
            }

            _answered = true;
        }

        var response = CreateResponse(Invite, statusCode, reason);
        foreach (var (name, value) in extraHeaders ?? [])
        {
            response.Headers.Insert(response.Headers.Count - 1, name, value);
        }

        Terminate(CallTerminationReason.Rejected);
        return _inviteTransaction.RespondAsync(response);
    }

    /// <summary>Sends BYE in the dialog (or rejects with 480 if not answered yet); the call is then terminated.</summary>
    public async Task HangUpAsync()
    {
        bool answered;
        lock (_gate)
        {
            answered = _answered;
            _answered = true;
        }

        if (Terminated.IsCompleted)
        {
            return;
        }

        if (!answered)
        {
            Terminate(CallTerminationReason.LocalHangUp);
            await _inviteTransaction.RespondAsync(CreateResponse(Invite, 480, "Temporarily Unavailable")).ConfigureAwait(false);
            return;
        }

        await SendByeAsync(CallTerminationReason.LocalHangUp).ConfigureAwait(false);
    }

    private async Task SendByeAsync(CallTerminationReason reason)
    {
        uint cseq;
        lock (_gate)
        {
            if (_byeSent)
            {
                return;
            }

            _byeSent = true;
            cseq = ++_localCSeq;
        }

        var bye = InDialogRequestBuilder.Build(this, SipMethods.Bye, cseq, _host.Options);
        try
        {
            var response = await _host.SendRequestAsync(bye, Flow).ConfigureAwait(false);
            if (response is null)
            {
                _host.Log.Log(SipLogLevel.Information, $"Call {CallId}: BYE got no final response");
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or OperationCanceledException)
        {
            _host.Log.Log(SipLogLevel.Warning, $"Call {CallId}: BYE could not be sent", e);
        }
        finally
        {
            // The call ends once its BYE transaction is over (answered, timed out or failed).
            Terminate(reason);
        }
    }

    internal SipResponse CreateResponse(SipRequest request, int statusCode, string reason)
    {
        var response = ResponseBuilder.Create(request, statusCode, reason, LocalTag, _host.Options.UserAgent);
        if (statusCode < 300 && request.Method == SipMethods.Invite)
        {
            response.Headers.Insert(response.Headers.Count - 1, SipHeaderNames.Contact, $"<{LocalContactUri()}>");
            foreach (var recordRoute in request.Headers.GetLines(SipHeaderNames.RecordRoute))
            {
                response.Headers.Insert(response.Headers.Count - 1, SipHeaderNames.RecordRoute, recordRoute);
            }

            response.Headers.Insert(response.Headers.Count - 1, SipHeaderNames.Allow, SipEndpoint.AllowedMethods);
        }

        return response;
    }

    internal SipUri LocalContactUri()
    {
        var uri = new SipUri("sip", string.IsNullOrEmpty(DialedUser) ? null : DialedUser, LocalAddress.ToString(), Flow.Local.Port);
        if (Flow.Kind == SipTransportKind.Tcp)
        {
            uri.Parameters.Set("transport", "tcp");
        }

        return uri;
    }

    internal void OnCancelled()
    {
        lock (_gate)
        {
            if (_answered)
            {
                return;
            }

            _answered = true;
        }

        Terminate(CallTerminationReason.Cancelled);
        _ = _inviteTransaction.RespondAsync(CreateResponse(Invite, 487, "Request Terminated"));
    }

    internal void OnRemoteBye() => Terminate(CallTerminationReason.RemoteBye);

    internal void OnInfo(SipRequest info) =>
        DtmfInfoParser.Dispatch(info, InfoDigitReceived, _host.Log, $"Call {CallId}");

    internal void Terminate(CallTerminationReason reason)
    {
        if (_terminated.TrySetResult(new CallTermination(reason, _host.Time.GetUtcNow())))
        {
            _host.Log.Log(SipLogLevel.Information, $"Call {CallId} ended: {reason}");
            _host.Forget(this);
        }
    }
}
