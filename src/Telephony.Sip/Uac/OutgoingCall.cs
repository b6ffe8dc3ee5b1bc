using System.Net;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Uac;

/// <summary>
/// One outbound call (UAC side of an INVITE dialog), returned by <see cref="SipEndpoint.CallAsync"/> once the
/// INVITE got its final answer: <see cref="Outcome"/> says how; when answered, the dialog runs until
/// <see cref="HangUpAsync"/> or the far end's BYE.
/// </summary>
public sealed class OutgoingCall : SipDialog
{
    private readonly IUacHost _host;
    private readonly string? _fromUser;
    private SipRequest? _ack;
    private SipFlow? _ackFlow;

    internal OutgoingCall(IUacHost host, OutgoingCallRequest request, string callId, string localTag, IPAddress localAddress, SipFlow inviteFlow)
        : base(host, callId, localTag, localAddress, request.Destination)
    {
        _host = host;
        _fromUser = request.FromUser;
        Target = request.Target;
        InviteFlow = inviteFlow;
        IsFlowPinned = request.PinnedFlow is not null;
    }

    /// <summary>Request-URI of the INVITE: a phone number, never log it in clear.</summary>
    public SipUri Target { get; }

    public OutgoingCallOutcome Outcome { get; private set; } = OutgoingCallOutcome.Timeout;

    public bool IsAnswered => Outcome == OutgoingCallOutcome.Answered;

    /// <summary>Final status of the INVITE (200 when answered, 486, 487, ...; 408 when nothing came back).</summary>
    public int StatusCode { get; private set; }

    public string ReasonPhrase { get; private set; } = string.Empty;

    /// <summary>SDP answer of the 2xx, else empty.</summary>
    public ReadOnlyMemory<byte> RemoteSdp { get; private set; } = ReadOnlyMemory<byte>.Empty;

    /// <summary>Where the INVITE goes; switched to TCP for a large request (RFC 3261 §18.1.1), and back on failure.</summary>
    internal SipFlow InviteFlow { get; set; }

    /// <summary>
    /// Every request of the call goes over <see cref="InviteFlow"/> (a phone's registration flow, RFC 5626 style),
    /// whatever host the far end's Contact or Record-Route names: behind NAT those are private addresses.
    /// </summary>
    internal bool IsFlowPinned { get; }

    /// <summary>Authorization header that succeeded on the INVITE, reused on the ACK (RFC 3261 §22.1).</summary>
    internal KeyValuePair<string, string>? Authorization { get; set; }

    /// <summary>The Contact of our INVITE on its current flow, and of our 2xx to a re-INVITE.</summary>
    internal override SipUri LocalContact
    {
        get
        {
            var contact = new SipUri("sip", _fromUser, LocalAddress.ToString(), InviteFlow.Local.Port);
            if (InviteFlow.Kind == SipTransportKind.Tcp)
            {
                contact.Parameters.Set("transport", "tcp");
            }

            return contact;
        }
    }

    private protected override string Description => $"Outgoing call {CallId}";

    /// <summary>
    /// The pinned flow, else the first route or remote target when its host is an IP literal (a name would need DNS,
    /// so then the INVITE's destination); an open TCP connection to the same peer is reused.
    /// </summary>
    private protected override SipFlow RequestFlow
    {
        get
        {
            if (IsFlowPinned)
            {
                return InviteFlow;
            }

            var hop = Route.FirstHop;
            var nextHop = hop.TryGetAddress() is { } address ? new IPEndPoint(address, hop.Port ?? (hop.Scheme == "sips" ? 5061 : 5060)) : RemoteEndPoint;
            return InviteFlow.Kind == SipTransportKind.Tcp && nextHop.Equals(RemoteEndPoint) ? InviteFlow : _host.FlowTo(nextHop, InviteFlow.Kind);
        }
    }

    /// <summary>Sends BYE (once) when the call is up; completes when the BYE transaction ends.</summary>
    public override Task HangUpAsync()
    {
        lock (Gate)
        {
            if (!IsEstablished || Terminated.IsCompleted)
            {
                return Task.CompletedTask;
            }
        }

        return SendByeAsync(CallTerminationReason.LocalHangUp);
    }

    /// <summary>A 2xx to the INVITE (first or retransmitted): the first one fixes the dialog; each one is ACKed.</summary>
    internal void OnSuccess(SipRequest invite, SipResponse success)
    {
        SipRequest ack;
        SipFlow flow;
        lock (Gate)
        {
            if (!IsEstablished)
            {
                if (DialogRoute.ForUac(invite, success) is not { } route)
                {
                    _host.Log.Log(SipLogLevel.Warning, $"Outgoing call {CallId}: 2xx without To tag ignored");
                    return;
                }

                Establish(route, success.To.Tag, localCSeq: invite.CSeq.Number, remoteCSeq: null);
                // Our offer and their answer are on the table: a re-INVITE without an offer gets our offer again.
                OpenSession(invite.Body);
                RemoteSdp = success.HasContentType("application/sdp") ? success.Body.ToArray() : ReadOnlyMemory<byte>.Empty;
                _ackFlow = RequestFlow;
                _ack = CreateRequest(SipMethods.Ack, invite.CSeq.Number, _ackFlow, Authorization);
                _host.Track(this);
            }
            else if (!string.Equals(success.To.Tag, RemoteTag, StringComparison.Ordinal))
            {
                // A forked 2xx from another branch: only the first dialog is kept.
                _host.Log.Log(SipLogLevel.Information, $"Outgoing call {CallId}: 2xx from a second fork ignored");
                return;
            }

            ack = _ack!;
            flow = _ackFlow!;
        }

        _ = SendAckAsync(ack, flow);
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
}
