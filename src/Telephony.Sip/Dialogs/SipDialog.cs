using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Dialogs;

/// <summary>
/// One INVITE dialog (RFC 3261 §12), whichever side created it: its identity (Call-ID and both tags), the CSeq of
/// each direction, the remote target and route set; the requests the far end sends in it (re-INVITE, BYE, INFO,
/// OPTIONS), the BYE we send, and how the call ended. <see cref="IncomingCall"/> is the UAS side,
/// <see cref="Uac.OutgoingCall"/> the UAC side.
/// </summary>
public abstract partial class SipDialog
{
    private readonly TaskCompletionSource<CallTermination> _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DialogRoute? _route;
    private uint _localCSeq;
    private uint? _remoteCSeq;
    private bool _byeSent;

    private protected SipDialog(IDialogHost host, string callId, string localTag, IPAddress localAddress, IPEndPoint remoteEndPoint)
    {
        Host = host;
        CallId = callId;
        LocalTag = localTag;
        LocalAddress = localAddress;
        RemoteEndPoint = remoteEndPoint;
    }

    public string CallId { get; }

    /// <summary>Our tag in this dialog: the To tag of an incoming call, the From tag of an outgoing one.</summary>
    public string LocalTag { get; }

    /// <summary>The far end's tag: its From tag (incoming), the To tag of its 2xx (outgoing, null until answered).</summary>
    public string? RemoteTag { get; private set; }

    /// <summary>Our address towards the far end (what our SDP's c= line carries).</summary>
    public IPAddress LocalAddress { get; }

    /// <summary>The far end's address: where the INVITE came from (incoming) or was sent to (outgoing).</summary>
    public IPEndPoint RemoteEndPoint { get; }

    public Task<CallTermination> Terminated => _terminated.Task;

    /// <summary>SIP INFO digits (application/dtmf-relay, application/dtmf) received inside the dialog.</summary>
    public event Action<char>? InfoDigitReceived;

    internal string DialogKey => KeyFor(CallId, LocalTag, RemoteTag);

    /// <summary>Our Contact in 2xx responses to INVITE and re-INVITE.</summary>
    internal abstract SipUri LocalContact { get; }

    private protected IDialogHost Host { get; }

    private protected object Gate { get; } = new();

    /// <summary>The dialog exists: incoming from the INVITE on, outgoing from the first 2xx on.</summary>
    private protected bool IsEstablished => _route is not null;

    /// <summary>The route as it stands; only valid once established.</summary>
    private protected DialogRoute Route => _route ?? throw new InvalidOperationException("The dialog does not exist yet.");

    /// <summary>"Call x" or "Outgoing call x", for logs.</summary>
    private protected abstract string Description { get; }

    /// <summary>The flow our requests in this dialog take (computed under <see cref="Gate"/>).</summary>
    private protected abstract SipFlow RequestFlow { get; }

    /// <summary>One key for both directions: Call-ID, our tag, the far end's tag (RFC 3261 §12).</summary>
    internal static string KeyFor(string callId, string localTag, string? remoteTag) => $"{callId}|{localTag}|{remoteTag}";

    /// <summary>Ends the call: BYE once it is up (an incoming call not yet answered is refused instead).</summary>
    public abstract Task HangUpAsync();

    /// <summary>
    /// Applies RFC 3261 §12.2.2 to a request the far end sent in this dialog. False when its CSeq is lower than the
    /// last one (out of order: answer 500). A re-INVITE's Contact becomes the remote target (target refresh).
    /// </summary>
    internal bool AcceptRemoteRequest(SipRequest request)
    {
        var cseq = request.CSeq.Number;
        lock (Gate)
        {
            if (_remoteCSeq is { } last && cseq < last)
            {
                return false;
            }

            _remoteCSeq = cseq;
            if (request.Method == SipMethods.Invite && _route is not null && DialogRoute.ContactOf(request) is { } target)
            {
                _route = _route.WithRemoteTarget(target);
            }
        }

        return true;
    }

    /// <summary>A response of ours to a request in this dialog; a 2xx to an INVITE carries our Contact and Allow.</summary>
    internal SipResponse CreateResponse(SipRequest request, int statusCode, string reason)
    {
        var response = ResponseBuilder.Create(request, statusCode, reason, LocalTag, Host.Options.UserAgent);
        if (statusCode < 300 && request.Method == SipMethods.Invite)
        {
            response.Headers.Insert(response.Headers.Count - 1, SipHeaderNames.Contact, $"<{LocalContact}>");
            foreach (var recordRoute in request.Headers.GetLines(SipHeaderNames.RecordRoute))
            {
                response.Headers.Insert(response.Headers.Count - 1, SipHeaderNames.RecordRoute, recordRoute);
            }

            response.Headers.Insert(response.Headers.Count - 1, SipHeaderNames.Allow, SipEndpoint.AllowedMethods);
        }

        return response;
    }

    internal void OnRemoteBye() => Terminate(CallTerminationReason.RemoteBye);

    internal void OnInfo(SipRequest info) => DtmfInfoParser.Dispatch(info, InfoDigitReceived, Host.Log, Description);

    internal void Terminate(CallTerminationReason reason)
    {
        if (_terminated.TrySetResult(new CallTermination(reason, Host.Time.GetUtcNow())))
        {
            Host.Log.Log(SipLogLevel.Information, $"{Description} ended: {reason}");
            Host.Forget(this);
        }
    }

    /// <summary>Fixes the dialog (caller holds <see cref="Gate"/> or is the constructor).</summary>
    private protected void Establish(DialogRoute route, string? remoteTag, uint localCSeq, uint? remoteCSeq)
    {
        _route = route;
        RemoteTag = remoteTag;
        _localCSeq = localCSeq;
        _remoteCSeq = remoteCSeq;
    }

    /// <summary>A request of ours in the dialog, with its Via for <paramref name="flow"/> (caller holds <see cref="Gate"/>).</summary>
    private protected SipRequest CreateRequest(string method, uint cseq, SipFlow flow, KeyValuePair<string, string>? authorization = null) =>
        DialogRequestFactory.Create(CallId, Route, method, cseq, Host.NewVia(flow, LocalAddress), Host.Options.UserAgent, authorization);

    /// <summary>Sends BYE once, with the next local CSeq; the call ends when its transaction does, however it ends.</summary>
    private protected async Task SendByeAsync(CallTerminationReason reason)
    {
        SipRequest bye;
        SipFlow flow;
        lock (Gate)
        {
            if (_byeSent || _route is null)
            {
                return;
            }

            _byeSent = true;
            flow = RequestFlow;
            bye = CreateRequest(SipMethods.Bye, ++_localCSeq, flow);
        }

        try
        {
            if (await Host.SendNonInviteAsync(bye, flow).ConfigureAwait(false) is null)
            {
                Host.Log.Log(SipLogLevel.Information, $"{Description}: BYE got no final response");
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or OperationCanceledException)
        {
            Host.Log.Log(SipLogLevel.Warning, $"{Description}: BYE could not be sent", e);
        }
        finally
        {
            Terminate(reason);
        }
    }
}
