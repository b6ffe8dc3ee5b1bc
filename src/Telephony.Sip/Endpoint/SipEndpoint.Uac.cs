using System.Collections.Concurrent;
using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;
using Telephony.Sip.Uac;

namespace Telephony.Sip;

/// <summary>The UAC side: outbound INVITEs and their transactions (their dialogs join the one table).</summary>
public sealed partial class SipEndpoint : IUacHost
{
    private readonly ConcurrentDictionary<string, InviteClientTransaction> _inviteClientTransactions = new();

    /// <summary>Live INVITE client transactions.</summary>
    public int InviteClientTransactionCount => _inviteClientTransactions.Count;

    TimeSpan IUacHost.TransactionTimeout => _timers.TransactionTimeout;

    /// <summary>The local address the far end will see (what an SDP offer's c= line must carry).</summary>
    public IPAddress GetLocalAddressFor(IPEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return AddressNormalizer.ResolveLocalAddressFor(_options.BindAddress, destination.Address);
    }

    /// <summary>
    /// Places a call and completes once the INVITE has a final answer (or none came): the returned call says
    /// its <see cref="OutgoingCall.Outcome"/>. Cancelling <paramref name="cancellationToken"/> before the answer
    /// sends CANCEL and yields <see cref="OutgoingCallOutcome.Cancelled"/>; it is not thrown.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was already cancelled: nothing was sent.</exception>
    public Task<OutgoingCall> CallAsync(OutgoingCallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var flow = request.PinnedFlow ?? ((IUacHost)this).FlowTo(request.Destination, request.Transport);
        var call = new OutgoingCall(this, request, SipIds.NewTag() + "@telephony", SipIds.NewTag(), GetLocalAddressFor(request.Destination), flow);
        _log.Log(SipLogLevel.Information, $"Outgoing call {call.CallId} to {request.Destination} over {request.Transport}");
        return new OutgoingCallAttempt(this, request, call).RunAsync(cancellationToken);
    }

    InviteClientTransaction IUacHost.CreateInviteTransaction(SipRequest invite, SipFlow flow)
    {
        var key = TransactionKey.ForClient(invite.TopVia.Branch!, SipMethods.Invite);
        var transaction = new InviteClientTransaction(key, invite, flow, Transport, _timers, _time, _log, t => _inviteClientTransactions.TryRemove(t.Key, out _));
        _inviteClientTransactions[key] = transaction;
        return transaction;
    }

    Task IUacHost.SendDirectAsync(SipRequest request, SipFlow flow) => Transport.SendRequestAsync(request, flow);

    SipFlow IUacHost.FlowTo(IPEndPoint destination, SipTransportKind kind) =>
        new(kind, destination, kind == SipTransportKind.Udp ? Transport.UdpLocalEndPoint : Transport.TcpLocalEndPoint, null);

    void IUacHost.Track(OutgoingCall call) => Track(call);

    /// <summary>Responses to our INVITEs: to their transaction, or a late 2xx retransmission to its dialog (re-ACK).</summary>
    private bool TryHandleUacResponse(SipResponse response)
    {
        if (response.CSeq.Method != SipMethods.Invite)
        {
            return false;
        }

        if (response.TopVia.Branch is { } branch && _inviteClientTransactions.TryGetValue(TransactionKey.ForClient(branch, SipMethods.Invite), out var transaction))
        {
            transaction.OnResponse(response);
            return true;
        }

        return false;
    }
}
