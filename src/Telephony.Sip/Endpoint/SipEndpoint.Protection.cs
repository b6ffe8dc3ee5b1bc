using System.Collections.Concurrent;
using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Protection;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>
/// The protection rules that need SIP knowledge (the transport only counts messages and connections): new INVITEs
/// only from the trunk ranges, a bounded number of unacknowledged INVITEs per source, failed authentications.
/// </summary>
public sealed partial class SipEndpoint
{
    private readonly SourceGuard? _guard;
    private readonly ISipProtectionCounter _protectionCounter;

    // New INVITEs let in and not acknowledged yet, with the source they count against.
    private readonly ConcurrentDictionary<InviteServerTransaction, IPAddress> _invitesInFlight = new();

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
