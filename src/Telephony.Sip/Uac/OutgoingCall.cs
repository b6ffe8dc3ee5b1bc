using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Uac;

/// <summary>
/// One outbound call (UAC side of an INVITE dialog), returned by <see cref="SipEndpoint.CallAsync"/> once the
/// INVITE got its final answer: <see cref="Outcome"/> says how; when answered, the dialog runs until
/// <see cref="HangUpAsync"/> or the far end's BYE.
/// </summary>
public sealed class OutgoingCall
{
    private readonly IUacHost _host;
    private readonly TaskCompletionSource<CallTermination> _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private OutgoingDialog? _dialog;
    private SipRequest? _ack;
    private SipFlow? _dialogFlow;
    private uint _localCSeq;
    private bool _byeSent;

    internal OutgoingCall(IUacHost host, OutgoingCallRequest request, string callId, string localTag, IPAddress localAddress, SipFlow inviteFlow)
    {
        _host = host;
        Target = request.Target;
        RemoteEndPoint = request.Destination;
        CallId = callId;
        LocalTag = localTag;
        LocalAddress = localAddress;
        InviteFlow = inviteFlow;
    }

    public string CallId { get; }

    public string LocalTag { get; }

    /// <summary>The far end's To tag once answered.</summary>
    public string? RemoteTag => _dialog?.RemoteTag;

    /// <summary>Request-URI of the INVITE: a phone number, never log it in clear.</summary>
    public SipUri Target { get; }

    /// <summary>Where the INVITE was sent.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Our address towards the far end (the one the SDP offer should carry).</summary>
    public IPAddress LocalAddress { get; }

    public OutgoingCallOutcome Outcome { get; private set; } = OutgoingCallOutcome.Timeout;

    public bool IsAnswered => Outcome == OutgoingCallOutcome.Answered;

    /// <summary>Final status of the INVITE (200 when answered, 486, 487, ...; 408 when nothing came back).</summary>
    public int StatusCode { get; private set; }

    public string ReasonPhrase { get; private set; } = string.Empty;

    /// <summary>SDP answer of the 2xx, else empty.</summary>
    public ReadOnlyMemory<byte> RemoteSdp { get; private set; } = ReadOnlyMemory<byte>.Empty;

    public Task<CallTermination> Terminated => _terminated.Task;

    /// <summary>SIP INFO digits received inside the dialog.</summary>
    public event Action<char>? InfoDigitReceived;

    /// <summary>Where the INVITE goes; switched to TCP for a large request (RFC 3261 §18.1.1), and back on failure.</summary>
    internal SipFlow InviteFlow { get; set; }

    internal string DialogKey => DialogKeyFor(CallId, LocalTag);

    /// <summary>Authorization header that succeeded on the INVITE, reused on the ACK (RFC 3261 §22.1).</summary>
    internal KeyValuePair<string, string>? Authorization { get; set; }

    internal static string DialogKeyFor(string callId, string localTag) => $"{callId}|{localTag}";

    /// <summary>Sends BYE (once) when the call is up; completes when the BYE transaction ends.</summary>
    public async Task HangUpAsync()
    {
        OutgoingDialog? dialog;
        SipFlow? flow;
        uint cseq;
        lock (_gate)
        {
            if (_byeSent || _dialog is null || _terminated.Task.IsCompleted)
            {
                return;
            }

            _byeSent = true;
            dialog = _dialog;
            flow = _dialogFlow!;
            cseq = ++_localCSeq;
        }

        var bye = UacMessageFactory.InDialog(dialog, SipMethods.Bye, cseq, _host.NewVia(flow, LocalAddress), _host.Options.UserAgent);
        try
        {
            if (await _host.SendNonInviteAsync(bye, flow).ConfigureAwait(false) is null)
            {
                _host.Log.Log(SipLogLevel.Information, $"Outgoing call {CallId}: BYE got no final response");
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or OperationCanceledException)
        {
            _host.Log.Log(SipLogLevel.Warning, $"Outgoing call {CallId}: BYE could not be sent", e);
        }
        finally
        {
            Terminate(CallTerminationReason.LocalHangUp);
        }
    }

    /// <summary>A 2xx to the INVITE (first or retransmitted): the first one fixes the dialog; each one is ACKed.</summary>
    internal void OnSuccess(SipRequest invite, SipResponse success)
    {
        SipRequest? ack;
        SipFlow? flow;
        lock (_gate)
        {
            if (_dialog is null)
            {
                var dialog = OutgoingDialog.FromSuccess(invite, success);
                if (dialog is null)
                {
                    _host.Log.Log(SipLogLevel.Warning, $"Outgoing call {CallId}: 2xx without To tag ignored");
                    return;
                }

                _dialog = dialog;
                _localCSeq = invite.CSeq.Number;
                _dialogFlow = InviteFlow.Kind == SipTransportKind.Tcp && dialog.NextHop(RemoteEndPoint).Equals(RemoteEndPoint)
                    ? InviteFlow
                    : _host.FlowTo(dialog.NextHop(RemoteEndPoint), InviteFlow.Kind);
                RemoteSdp = success.HasContentType("application/sdp") ? success.Body.ToArray() : ReadOnlyMemory<byte>.Empty;
                _ack = UacMessageFactory.InDialog(dialog, SipMethods.Ack, invite.CSeq.Number, _host.NewVia(_dialogFlow, LocalAddress), _host.Options.UserAgent, Authorization);
                _host.Track(this);
            }
            else if (!string.Equals(success.To.Tag, _dialog.RemoteTag, StringComparison.Ordinal))
            {
                // A forked 2xx from another branch: only the first dialog is kept.
                _host.Log.Log(SipLogLevel.Information, $"Outgoing call {CallId}: 2xx from a second fork ignored");
                return;
            }

            ack = _ack;
            flow = _dialogFlow;
        }

        _ = SendAckAsync(ack!, flow!);
    }

    private async Task SendAckAsync(SipRequest ack, SipFlow flow)
    {
        try
        {
            await _host.SendDirectAsync(ack, flow).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            _host.Log.Log(SipLogLevel.Warning, $"Outgoing call {CallId}: ACK could not be sent", e);
        }
    }

    /// <summary>Records how the INVITE ended; a call that was not answered is terminated at once.</summary>
    internal void Complete(OutgoingCallOutcome outcome, int statusCode, string reason)
    {
        Outcome = outcome;
        StatusCode = statusCode;
        ReasonPhrase = reason;
        if (outcome != OutgoingCallOutcome.Answered)
        {
            Terminate(outcome switch
            {
                OutgoingCallOutcome.Cancelled or OutgoingCallOutcome.NoAnswer => CallTerminationReason.Cancelled,
                OutgoingCallOutcome.TransportError or OutgoingCallOutcome.Timeout => CallTerminationReason.TransportError,
                _ => CallTerminationReason.Rejected,
            });
        }
    }

    internal bool IsFromRemote(SipRequest request) =>
        _dialog is { } dialog && string.Equals(request.From.Tag, dialog.RemoteTag, StringComparison.Ordinal);

    internal void OnRemoteBye() => Terminate(CallTerminationReason.RemoteBye);

    internal void OnInfo(SipRequest info) =>
        DtmfInfoParser.Dispatch(info, InfoDigitReceived, _host.Log, $"Outgoing call {CallId}");

    internal void Terminate(CallTerminationReason reason)
    {
        if (_terminated.TrySetResult(new CallTermination(reason, _host.Time.GetUtcNow())))
        {
            _host.Log.Log(SipLogLevel.Information, $"Outgoing call {CallId} ended: {reason}");
            _host.Forget(this);
        }
    }
}
