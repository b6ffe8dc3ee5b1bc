using System.Net;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>
/// One inbound call (UAS side of an INVITE dialog): answer, reject, hang up, and learn how it ended.
/// </summary>
public sealed class IncomingCall : SipDialog
{
    private readonly ICallHost _host;
    private readonly InviteServerTransaction _inviteTransaction;
    private bool _answered;

    internal IncomingCall(ICallHost host, InviteServerTransaction inviteTransaction, IPAddress localAddress)
        : base(host, inviteTransaction.Request.CallId!, SipIds.NewTag(), localAddress, inviteTransaction.Flow.Remote)
    {
        _host = host;
        _inviteTransaction = inviteTransaction;
        Invite = inviteTransaction.Request;
        Flow = inviteTransaction.Flow;
        DialedUser = TelephoneNumber.UserOf(Invite.RequestUri) ?? string.Empty;
        CallerUser = TelephoneNumber.UserOf(Invite.From.Uri);
        RemoteSdp = Invite.HasContentType("application/sdp") ? Invite.Body : ReadOnlyMemory<byte>.Empty;
        LocalContact = ContactUri(DialedUser, localAddress, Flow);
        // The dialog exists from the INVITE on: our provisional responses carry our tag (RFC 3261 §12.1.1).
        Establish(DialogRoute.ForUas(Invite, LocalTag), Invite.From.Tag, localCSeq: 0, remoteCSeq: Invite.CSeq.Number);
        inviteTransaction.TransportFailed += () => Terminate(CallTerminationReason.TransportError);
        inviteTransaction.Unanswered += () => Terminate(CallTerminationReason.Rejected);
    }

    public SipRequest Invite { get; }

    /// <summary>Request-URI user part, unescaped, or the number of a tel: URI, e.g. "3960" or "+33809401401".</summary>
    public string DialedUser { get; }

    /// <summary>The caller's number: From URI user part, or the number of a tel: From. Never log it in clear.</summary>
    public string? CallerUser { get; }

    /// <summary>INVITE body when Content-Type is application/sdp, else empty.</summary>
    public ReadOnlyMemory<byte> RemoteSdp { get; }

    /// <summary>
    /// The SDP body of the ACK that confirmed our 200 OK, empty until then or when it had none. For an INVITE
    /// without an offer, our 200 carried the offer and this is the caller's answer.
    /// </summary>
    public ReadOnlyMemory<byte> AckSdp =>
        _inviteTransaction.Ack is { } ack && ack.HasContentType("application/sdp") ? ack.Body : ReadOnlyMemory<byte>.Empty;

    internal override SipUri LocalContact { get; }

    /// <summary>The INVITE's flow: our requests in the dialog go back along it (same TCP connection, or its source on UDP).</summary>
    internal SipFlow Flow { get; }

    private protected override string Description => $"Call {CallId}";

    private protected override SipFlow RequestFlow => Flow;

    public Task SendProvisionalAsync(int statusCode = 180, string reason = "Ringing")
    {
        if (statusCode is < 101 or > 199)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "Provisional responses are 101-199.");
        }

        return _inviteTransaction.RespondAsync(CreateResponse(Invite, statusCode, reason));
    }

    /// <summary>Sends 200 OK with the SDP answer (or, for an offerless INVITE, our offer); completes when the ACK arrives.</summary>
    /// <exception cref="TimeoutException">No ACK within 64*T1 (the stack then sends BYE itself).</exception>
    public async Task AnswerAsync(ReadOnlyMemory<byte> sdpAnswer)
    {
        var answer = sdpAnswer.ToArray();
        lock (Gate)
        {
            if (_answered || Terminated.IsCompleted)
            {
                throw new InvalidOperationException("The call was already answered or has ended.");
            }

            _answered = true;
            OpenSession(answer);
        }

        var ok = CreateResponse(Invite, 200, "OK");
        ok.SetBody(answer, "application/sdp");
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

        lock (Gate)
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
    public override async Task HangUpAsync()
    {
        bool answered;
        lock (Gate)
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

    internal void OnCancelled()
    {
        lock (Gate)
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

    private static SipUri ContactUri(string dialedUser, IPAddress localAddress, SipFlow flow)
    {
        var uri = new SipUri("sip", string.IsNullOrEmpty(dialedUser) ? null : dialedUser, localAddress.ToString(), flow.Local.Port);
        if (flow.Kind == SipTransportKind.Tcp)
        {
            uri.Parameters.Set("transport", "tcp");
        }

        return uri;
    }
}
