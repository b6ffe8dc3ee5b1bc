using Prometheus;
using Telephony.Sip.Protection;

namespace Telephony.Server.Hosting;

/// <summary>
/// <c>telephony_sip_bans_total{reason}</c> and <c>telephony_sip_refused_total{reason}</c>, from the SIP stack's
/// protection seam. Reasons are the stack's closed set: every child is made here, and a reason outside it (a bug)
/// is not counted rather than becoming a new series. Addresses are never labels.
/// </summary>
public sealed class SipProtectionMetrics : ISipProtectionCounter
{
    private readonly Dictionary<string, ICounter> _bans;
    private readonly Dictionary<string, ICounter> _refused;

    public SipProtectionMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var bans = factory.CreateCounter("telephony_sip_bans_total", "Sources banned from the SIP port, by the limit they crossed.", ["reason"]);
        var refused = factory.CreateCounter(
            "telephony_sip_refused_total",
            "SIP messages and TCP connections refused by the protection (dropped unanswered, or INVITEs answered 403 or 486), by reason.",
            ["reason"]);
        _bans = SipProtectionReasons.BanReasons.ToDictionary(r => r, r => (ICounter)bans.WithLabels(r), StringComparer.Ordinal);
        _refused = SipProtectionReasons.RefusalReasons.ToDictionary(r => r, r => (ICounter)refused.WithLabels(r), StringComparer.Ordinal);
    }

    public void Banned(string reason)
    {
        if (_bans.TryGetValue(reason, out var counter))
        {
            counter.Inc();
        }
    }

    public void Refused(string reason)
    {
        if (_refused.TryGetValue(reason, out var counter))
        {
            counter.Inc();
        }
    }
}
