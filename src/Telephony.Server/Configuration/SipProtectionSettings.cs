using System.Net;
using Telephony.Sip.Protection;

namespace Telephony.Server.Configuration;

/// <summary>
/// The <c>Sip:Protection</c> section: per-source limits and bans of the SIP port (see README, "SIP protection").
/// Times are in seconds or minutes, as their names say.
/// </summary>
public sealed class SipProtectionSettings
{
    public const string Key = "Sip:Protection";

    public bool Enabled { get; set; } = true;

    public double RequestsPerSecond { get; set; } = 50;

    public int RequestBurst { get; set; } = 200;

    public int MaxFailedAuthentications { get; set; } = 5;

    public int FailedAuthenticationWindowSeconds { get; set; } = 60;

    public int BanMinutes { get; set; } = 15;

    public int MaxBanMinutes { get; set; } = 24 * 60;

    public int MaxTcpConnectionsPerAddress { get; set; } = 16;

    public int UnauthenticatedTcpIdleSeconds { get; set; } = 30;

    public int MaxInvitesWithoutAck { get; set; } = 20;

    /// <summary>Calls one source outside Sip:TrunkRanges may hold at once (all sources when the ranges are empty).</summary>
    public int MaxCallsPerSource { get; set; } = 50;

    /// <summary>Calls one source inside Sip:TrunkRanges may hold at once; 0: no limit per trunk address.</summary>
    public int MaxCallsPerTrunkSource { get; set; }

    /// <summary>CIDR ranges never limited nor banned (Sip:TrustedProxies are added to them).</summary>
    public List<string> AllowList { get; set; } = [];

    /// <summary>Throws naming the first key with a bad value.</summary>
    public void Validate()
    {
        Require(RequestsPerSecond > 0 && double.IsFinite(RequestsPerSecond), nameof(RequestsPerSecond), RequestsPerSecond, "must be above 0");
        Require(RequestBurst >= 1, nameof(RequestBurst), RequestBurst, "must be at least 1");
        Require(MaxFailedAuthentications >= 1, nameof(MaxFailedAuthentications), MaxFailedAuthentications, "must be at least 1");
        Require(FailedAuthenticationWindowSeconds >= 1, nameof(FailedAuthenticationWindowSeconds), FailedAuthenticationWindowSeconds, "must be at least 1");
        Require(BanMinutes >= 1, nameof(BanMinutes), BanMinutes, "must be at least 1");
        Require(MaxBanMinutes >= BanMinutes, nameof(MaxBanMinutes), MaxBanMinutes, $"must be at least {Key}:BanMinutes ({BanMinutes})");
        Require(MaxTcpConnectionsPerAddress >= 1, nameof(MaxTcpConnectionsPerAddress), MaxTcpConnectionsPerAddress, "must be at least 1");
        Require(UnauthenticatedTcpIdleSeconds >= 1, nameof(UnauthenticatedTcpIdleSeconds), UnauthenticatedTcpIdleSeconds, "must be at least 1");
        Require(MaxInvitesWithoutAck >= 1, nameof(MaxInvitesWithoutAck), MaxInvitesWithoutAck, "must be at least 1");
        Require(MaxCallsPerSource >= 1, nameof(MaxCallsPerSource), MaxCallsPerSource, "must be at least 1");
        Require(MaxCallsPerTrunkSource >= 0, nameof(MaxCallsPerTrunkSource), MaxCallsPerTrunkSource, "must not be negative (0: no limit per trunk address)");
        ParseAllowList();
    }

    public IReadOnlyList<IpNetwork> ParseAllowList() => ParseRanges(AllowList, $"{Key}:AllowList");

    /// <summary>The library's options, with the trunk ranges and the trusted proxies (always allowed, a proxy speaking for many, and a trunk source).</summary>
    public SipProtectionOptions ToOptions(IReadOnlyList<IpNetwork> trunkRanges, IReadOnlyList<IPAddress> trustedProxies) => new()
    {
        Enabled = Enabled,
        RequestsPerSecond = RequestsPerSecond,
        RequestBurst = RequestBurst,
        MaxFailedAuthentications = MaxFailedAuthentications,
        FailedAuthenticationWindow = TimeSpan.FromSeconds(FailedAuthenticationWindowSeconds),
        BanDuration = TimeSpan.FromMinutes(BanMinutes),
        MaxBanDuration = TimeSpan.FromMinutes(MaxBanMinutes),
        MaxTcpConnectionsPerAddress = MaxTcpConnectionsPerAddress,
        UnprovenTcpIdleTimeout = TimeSpan.FromSeconds(UnauthenticatedTcpIdleSeconds),
        MaxInvitesWithoutAck = MaxInvitesWithoutAck,
        MaxCallsPerSource = MaxCallsPerSource,
        MaxCallsPerTrunkSource = MaxCallsPerTrunkSource,
        AllowList = [.. ParseAllowList(), .. Hosts(trustedProxies)],
        // The proxies relay the trunks' calls: with ranges set, they are among them (empty stays "any source").
        TrunkRanges = trunkRanges.Count == 0 ? [] : [.. trunkRanges, .. Hosts(trustedProxies)],
    };

    private static IEnumerable<IpNetwork> Hosts(IReadOnlyList<IPAddress> addresses) => addresses.Select(a => IpNetwork.Parse(a.ToString()));

    /// <summary>Parses a list of CIDR ranges, the error naming the key and index of the bad one.</summary>
    public static IReadOnlyList<IpNetwork> ParseRanges(IReadOnlyList<string> texts, string key) => texts
        .Select((text, i) => IpNetwork.TryParse(text, out var network, out var error)
            ? network!
            : throw new InvalidOperationException($"{key}:{i} {error}."))
        .ToList();

    private static void Require(bool condition, string name, object value, string rule)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{Key}:{name} {value} {rule}.");
        }
    }
}
