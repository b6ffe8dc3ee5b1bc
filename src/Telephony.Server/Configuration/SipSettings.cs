using System.Globalization;
using System.Net;
using Telephony.Sip.Protection;

namespace Telephony.Server.Configuration;

/// <summary>The <c>Sip</c> configuration section.</summary>
public sealed class SipSettings
{
    public const string SectionName = "Sip";

    public int Port { get; set; } = 5060;

    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Inclusive UDP port range for RTP, written <c>first-last</c>, e.g. <c>10000-20000</c>.</summary>
    public string RtpPortRange { get; set; } = "10000-20000";

    /// <summary>Known path MTU towards the peers we call (null: unknown; requests over 1300 bytes then go over TCP).</summary>
    public int? PathMtu { get; set; }

    /// <summary>
    /// IP addresses of the SIP proxies in front of the node (Kamailio): REGISTERs they relay keep their Path, so any
    /// node rings the phone through the proxy. Empty: no proxy, a Path header is ignored.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// CIDR ranges new INVITEs may come from (the trunks and proxies); from anywhere else they get 403. Empty: any source,
    /// the embedded demonstration's default, warned about at start-up.
    /// </summary>
    public List<string> TrunkRanges { get; set; } = [];

    /// <summary>Per-source limits and bans (<c>Sip:Protection</c>).</summary>
    public SipProtectionSettings Protection { get; set; } = new();

    public IReadOnlyList<IpNetwork> ParseTrunkRanges() => SipProtectionSettings.ParseRanges(TrunkRanges, "Sip:TrunkRanges");

    /// <summary>The SIP stack's protection options from <c>Sip:Protection</c>, <c>Sip:TrunkRanges</c> and <c>Sip:TrustedProxies</c>.</summary>
    public SipProtectionOptions ToProtectionOptions() => Protection.ToOptions(ParseTrunkRanges(), ParseTrustedProxies());

    public IReadOnlyList<IPAddress> ParseTrustedProxies() => TrustedProxies
        .Select((text, i) => IPAddress.TryParse(text.Trim(), out var address)
            ? address
            : throw new InvalidOperationException($"Sip:TrustedProxies:{i} '{text}' is not an IP address (a proxy's name would need DNS: give its address)."))
        .ToList();

    public IPAddress ParseBindAddress() =>
        IPAddress.TryParse(BindAddress, out var address)
            ? address
            : throw new InvalidOperationException($"Sip:BindAddress '{BindAddress}' is not an IP address (e.g. 0.0.0.0, 127.0.0.1 or ::).");

    public (int First, int Last) ParseRtpPortRange()
    {
        var parts = RtpPortRange.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            && first is >= 1024 and <= 65535 && last is >= 1024 and <= 65535 && last - first >= 1)
        {
            return (first, last);
        }

        throw new InvalidOperationException(
            $"Sip:RtpPortRange '{RtpPortRange}' must be 'first-last' with 1024 <= first < last <= 65535, e.g. 10000-20000.");
    }

    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Sip:Port {Port} is not a port number (0-65535).");
        }

        ParseBindAddress();
        ParseRtpPortRange();
        ParseTrustedProxies();
        ParseTrunkRanges();
        Protection.Validate();
        // 576 is the smallest datagram every IPv4 host must accept (RFC 791); beyond 65535 there is no datagram.
        if (PathMtu is < 576 or > 65535)
        {
            throw new InvalidOperationException($"Sip:PathMtu {PathMtu} must be between 576 and 65535 bytes, or unset when unknown.");
        }
    }
}
