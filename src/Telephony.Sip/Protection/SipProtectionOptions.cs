namespace Telephony.Sip.Protection;

/// <summary>
/// Per-source (IP address) limits of the SIP port, kept in process. A source over a limit is banned for
/// <see cref="BanDuration"/>, twice as long at each new ban while it is remembered, and gets no answer at all while
/// banned: nothing a scanner or flooder sends is amplified, and nothing tells it the limit it hit.
/// </summary>
public sealed class SipProtectionOptions
{
    /// <summary>False turns every limit and ban off (the trunk ranges still apply).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained SIP messages a second one source may send (token bucket); more bans it.</summary>
    public double RequestsPerSecond { get; set; } = 50;

    /// <summary>Messages a source may send at once above the sustained rate (the bucket's size).</summary>
    public int RequestBurst { get; set; } = 200;

    /// <summary>Failed digest authentications (wrong password, unknown agent, another agent's AOR) that ban a source...</summary>
    public int MaxFailedAuthentications { get; set; } = 5;

    /// <summary>...within this window.</summary>
    public TimeSpan FailedAuthenticationWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first ban's length; each further ban of the same source doubles it, up to <see cref="MaxBanDuration"/>.</summary>
    public TimeSpan BanDuration { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan MaxBanDuration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long after its last ban ended a source's bans still count for the doubling.</summary>
    public TimeSpan RepeatMemory { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Open TCP connections one address may hold; a connection beyond is closed at once.</summary>
    public int MaxTcpConnectionsPerAddress { get; set; } = 16;

    /// <summary>
    /// Idle time after which a TCP connection that has neither registered a phone nor carried an answered call is
    /// closed (proven connections keep <see cref="SipEndpointOptions.TcpIdleTimeout"/>).
    /// </summary>
    public TimeSpan UnprovenTcpIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>New INVITEs of one source not yet acknowledged (or ended); one more bans the source.</summary>
    public int MaxInvitesWithoutAck { get; set; } = 20;

    /// <summary>
    /// Calls (from the INVITE let in to the call's end, whatever ends it) one source may hold at once; its next new
    /// INVITE is answered 486 Busy Here. Not a ban: the source's calls in progress go on. Applies to the sources
    /// outside <see cref="TrunkRanges"/> (all of them when the ranges are empty); the allow list is never limited.
    /// </summary>
    public int MaxCallsPerSource { get; set; } = 50;

    /// <summary>
    /// The same for a source inside the configured <see cref="TrunkRanges"/>; 0, the default, sets no limit per source:
    /// a trunk carries many calls, and the node's admission control bounds them all.
    /// </summary>
    public int MaxCallsPerTrunkSource { get; set; }

    /// <summary>Sources never limited nor banned (the trusted proxies are added to it by the host).</summary>
    public IReadOnlyList<IpNetwork> AllowList { get; set; } = [];

    /// <summary>Where new INVITEs may come from (the trunks, the proxies); empty accepts any source. Others get 403.</summary>
    public IReadOnlyList<IpNetwork> TrunkRanges { get; set; } = [];

    /// <summary>Sources whose state is kept; past it idle ones are forgotten, and new ones go unlimited until room is made.</summary>
    public int MaxTrackedSources { get; set; } = 100_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Require(RequestsPerSecond > 0, nameof(RequestsPerSecond), "must be above 0");
        Require(RequestBurst >= 1, nameof(RequestBurst), "must be at least 1");
        Require(MaxFailedAuthentications >= 1, nameof(MaxFailedAuthentications), "must be at least 1");
        Require(FailedAuthenticationWindow > TimeSpan.Zero, nameof(FailedAuthenticationWindow), "must be above 0");
        Require(BanDuration > TimeSpan.Zero, nameof(BanDuration), "must be above 0");
        Require(MaxBanDuration >= BanDuration, nameof(MaxBanDuration), "must be at least BanDuration");
        Require(RepeatMemory >= TimeSpan.Zero, nameof(RepeatMemory), "must not be negative");
        Require(MaxTcpConnectionsPerAddress >= 1, nameof(MaxTcpConnectionsPerAddress), "must be at least 1");
        Require(UnprovenTcpIdleTimeout > TimeSpan.Zero, nameof(UnprovenTcpIdleTimeout), "must be above 0");
        Require(MaxInvitesWithoutAck >= 1, nameof(MaxInvitesWithoutAck), "must be at least 1");
        Require(MaxCallsPerSource >= 1, nameof(MaxCallsPerSource), "must be at least 1");
        Require(MaxCallsPerTrunkSource >= 0, nameof(MaxCallsPerTrunkSource), "must not be negative (0: no limit)");
        Require(MaxTrackedSources >= 1, nameof(MaxTrackedSources), "must be at least 1");
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} {rule}.", name);
        }
    }
}
