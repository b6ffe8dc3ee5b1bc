using System.Collections.Concurrent;
using System.Net;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;
using Telephony.Sip.Protection;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>
/// The protection rules that need SIP knowledge (the transport only counts messages and connections): new INVITEs
/// only from the trunk ranges, a bounded number of unacknowledged INVITEs per source, a bounded number of calls per
/// source, failed authentications.
/// </summary>
public sealed partial class SipEndpoint
{
    private readonly SourceGuard? _guard;
    private readonly ISipProtectionCounter _protectionCounter;

    // New INVITEs let in and not acknowledged yet, with the source they count against.
    private readonly ConcurrentDictionary<InviteServerTransaction, IPAddress> _invitesInFlight = new();

    // Incoming calls counted against their source's concurrent calls, until the call ends (whatever ends it).
    private readonly ConcurrentDictionary<IncomingCall, IPAddress> _callsHeld = new();

    /// <summary>
    /// For a new INVITE (not a retransmission, not a re-INVITE) before any transaction exists: null to go on, else
    /// whether to refuse it with 403 (outside the trunk ranges) or drop it unanswered (over the source's limit).
    /// </summary>
    private InviteGate AdmitNewInvite(SipRequest request, SipFlow flow)
    {
        if (_guard is null || request.Method != SipMethods.Invite || HasToTag(request))
        {
            return InviteGate.Admitted;
        }

        if (!_guard.IsTrunkSource(flow.Remote.Address))
        {
            _protectionCounter.Refused(SipProtectionReasons.TrunkRange);
            // Debug only: a scanner would fill the log at Information; telephony_sip_refused_total{reason="trunk_range"} counts them.
            _log.Log(SipLogLevel.Debug, $"INVITE from {flow} refused: not a trunk range (Sip:TrunkRanges)");
            return InviteGate.Forbidden;
        }

        return _guard.TryStartInvite(flow.Remote.Address) ? InviteGate.Counted : InviteGate.Dropped;
    }

    private static bool HasToTag(SipRequest request)
    {
        try
        {
            return request.To.Tag is not null;
        }
        catch (SipParseException)
        {
            // A To too broken to read is answered 400 further on, never let in as a new call.
            return false;
        }
    }

    private void TrackInviteInFlight(InviteServerTransaction transaction) =>
        _invitesInFlight[transaction] = transaction.Flow.Remote.Address;

    /// <summary>The INVITE was acknowledged or its transaction ended: it no longer counts against its source.</summary>
    private void ReleaseInviteInFlight(InviteServerTransaction transaction)
    {
        if (_guard is not null && _invitesInFlight.TryRemove(transaction, out var source))
        {
            _guard.InviteEnded(source);
        }
    }

    /// <summary>
    /// A valid new INVITE about to become a call: false when its source holds as many calls as it may, the INVITE
    /// then answered 486 Busy Here, before any call, media port or record exists. 486 rather than 503: a 503 tells a
    /// proxy or a trunk that this node is down (RFC 3263 failover, Retry-After for every call it sends), and is what
    /// the node answers when it is overloaded or stopping; 486 is the answer of a line whose channels are all taken,
    /// the caller hears busy and the source's other calls are untouched.
    /// </summary>
    private bool AdmitCallFromSource(InviteServerTransaction transaction, out bool counted)
    {
        counted = false;
        if (_guard is null || _guard.TryStartCall(transaction.Flow.Remote.Address, out counted))
        {
            return true;
        }

        // Debug only: the guard logs each episode at Warning; telephony_sip_refused_total{reason="calls_per_source"} counts them.
        _log.Log(SipLogLevel.Debug, $"INVITE from {transaction.Flow} refused: the source holds its most calls (Sip:Protection:MaxCallsPerSource)");
        _ = transaction.RespondAsync(ResponseBuilder.Create(transaction.Request, 486, "Busy Here", SipIds.NewTag(), _options.UserAgent));
        return false;
    }

    /// <summary>The call counts against its source until <see cref="ReleaseCall"/>.</summary>
    private void HoldCall(IncomingCall call, IPAddress source)
    {
        _callsHeld[call] = source;
        // Ended before it was held (a transport failure at once): give its place back now, not never.
        if (call.Terminated.IsCompleted)
        {
            ReleaseCall(call);
        }
    }

    /// <summary>Every incoming call ends through <see cref="IDialogHost.Forget"/>: its place is given back there, once.</summary>
    private void ReleaseCall(SipDialog dialog)
    {
        if (_guard is not null && dialog is IncomingCall call && _callsHeld.TryRemove(call, out var source))
        {
            _guard.CallEnded(source);
        }
    }

    private void WatchAuthentication(Registrar.SipRegistrar registrar)
    {
        registrar.AuthenticationFailed += source => _guard?.AuthenticationFailed(source.Address);
        registrar.Registered += flow => flow.Connection?.MarkProven();
    }

    private enum InviteGate
    {
        Admitted,
        Counted,
        Forbidden,
        Dropped,
    }
}
