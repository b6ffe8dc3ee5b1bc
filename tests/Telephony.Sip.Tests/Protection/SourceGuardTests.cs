using System.Net;
using Telephony.Sip.Protection;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Protection;

/// <summary>The per-source limits and bans on a fake clock.</summary>
public class SourceGuardTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("198.51.100.7");
    private static readonly IPAddress Citizen = IPAddress.Parse("203.0.113.20");

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLog _log = new();
    private readonly CountingProtection _counter = new();

    private SourceGuard NewGuard(Action<SipProtectionOptions>? configure = null)
    {
        var options = new SipProtectionOptions();
        configure?.Invoke(options);
        return new SourceGuard(options, _time, _log, _counter);
    }

    [Fact]
    public void Five_failed_authentications_within_a_minute_ban_the_source_for_15_minutes_and_only_it()
    {
        var guard = NewGuard();

        for (var failure = 1; failure <= 4; failure++)
        {
            guard.AuthenticationFailed(Attacker);
            Assert.False(guard.IsBanned(Attacker), $"banned after {failure} failures");
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        guard.AuthenticationFailed(Attacker);

        Assert.True(guard.IsBanned(Attacker));
        Assert.False(guard.AdmitMessage(Attacker));
        Assert.True(guard.AdmitMessage(Citizen));
        Assert.Equal([SipProtectionReasons.AuthFailures], _counter.Bans);
        Assert.Equal([SipProtectionReasons.Banned], _counter.Refusals);
        var line = Assert.Single(_log.Lines, l => l.Contains("banned", StringComparison.Ordinal));
        Assert.Contains("198.51.100.7 for 15 min", line, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.True(guard.IsBanned(Attacker));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(guard.IsBanned(Attacker));
        Assert.True(guard.AdmitMessage(Attacker));
    }

    [Fact]
    public void Failures_spread_over_more_than_the_window_do_not_ban()
    {
        var guard = NewGuard();

        for (var failure = 0; failure < 20; failure++)
        {
            guard.AuthenticationFailed(Attacker);
            _time.Advance(TimeSpan.FromSeconds(15)); // four a minute: a phone with a stale password, not a guesser
        }

        Assert.False(guard.IsBanned(Attacker));
        Assert.Empty(_counter.Bans);
    }

    [Fact]
    public void Each_ban_soon_after_the_last_one_doubles_up_to_the_maximum()
    {
        var guard = NewGuard(o => o.MaxBanDuration = TimeSpan.FromMinutes(60));
        var lengths = new List<TimeSpan>();
        for (var ban = 0; ban < 4; ban++)
        {
            var start = _time.GetUtcNow();
            for (var failure = 0; failure < 5; failure++)
            {
                guard.AuthenticationFailed(Attacker);
            }

            Assert.True(guard.IsBanned(Attacker));
            while (guard.IsBanned(Attacker))
            {
                _time.Advance(TimeSpan.FromMinutes(1));
            }

            lengths.Add(_time.GetUtcNow() - start);
        }

        Assert.Equal([15, 30, 60, 60], lengths.Select(l => l.TotalMinutes));
    }

    [Fact]
    public void A_ban_long_after_the_last_one_is_a_first_ban_again()
    {
        var guard = NewGuard();
        for (var failure = 0; failure < 5; failure++)
        {
            guard.AuthenticationFailed(Attacker);
        }

        _time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        for (var failure = 0; failure < 5; failure++)
        {
            guard.AuthenticationFailed(Attacker);
        }

        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.False(guard.IsBanned(Attacker));
    }

    [Fact]
    public void A_source_over_its_message_rate_is_banned_and_one_within_it_never_is()
    {
        var guard = NewGuard(o =>
        {
            o.RequestsPerSecond = 10;
            o.RequestBurst = 20;
        });

        // Steady at the rate for a minute: never refused.
        for (var tick = 0; tick < 600; tick++)
        {
            Assert.True(guard.AdmitMessage(Citizen));
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var admitted = 0;
        while (guard.AdmitMessage(Attacker))
        {
            admitted++;
        }

        Assert.Equal(20, admitted); // the burst, then the ban
        Assert.True(guard.IsBanned(Attacker));
        _time.Advance(TimeSpan.FromSeconds(10)); // the bucket would be full again: the ban still holds
        Assert.False(guard.AdmitMessage(Attacker));
        Assert.False(guard.IsBanned(Citizen));
        Assert.Equal([SipProtectionReasons.RequestRate], _counter.Bans);
        Assert.Equal([SipProtectionReasons.RequestRate, SipProtectionReasons.Banned], _counter.Refusals);
    }

    [Fact]
    public void Tcp_connections_beyond_the_per_address_limit_are_refused_until_one_closes()
    {
        var guard = NewGuard(o => o.MaxTcpConnectionsPerAddress = 3);

        Assert.True(guard.TryOpenTcp(Attacker));
        Assert.True(guard.TryOpenTcp(Attacker));
        Assert.True(guard.TryOpenTcp(Attacker));
        Assert.False(guard.TryOpenTcp(Attacker));
        Assert.False(guard.TryOpenTcp(Attacker));
        Assert.True(guard.TryOpenTcp(Citizen));
        guard.TcpClosed(Attacker);
        Assert.True(guard.TryOpenTcp(Attacker));

        Assert.Equal([SipProtectionReasons.TcpConnections, SipProtectionReasons.TcpConnections], _counter.Refusals);
        Assert.Single(_log.Lines, l => l.Contains("TCP connections", StringComparison.Ordinal)); // once per episode, not per connection
        Assert.False(guard.IsBanned(Attacker));
    }

    [Fact]
    public void Too_many_unacknowledged_invites_ban_the_source_while_acknowledged_ones_never_do()
    {
        var guard = NewGuard(o => o.MaxInvitesWithoutAck = 3);

        for (var call = 0; call < 100; call++)
        {
            Assert.True(guard.TryStartInvite(Citizen));
            guard.InviteEnded(Citizen);
        }

        Assert.True(guard.TryStartInvite(Attacker));
        Assert.True(guard.TryStartInvite(Attacker));
        Assert.True(guard.TryStartInvite(Attacker));
        Assert.False(guard.TryStartInvite(Attacker));

        Assert.True(guard.IsBanned(Attacker));
        Assert.False(guard.TryOpenTcp(Attacker));
        Assert.Equal([SipProtectionReasons.InvitesInFlight], _counter.Bans);
    }

    [Fact]
    public void Calls_over_the_per_source_limit_are_refused_until_one_ends_without_a_ban()
    {
        var guard = NewGuard(o => o.MaxCallsPerSource = 3);

        for (var call = 0; call < 3; call++)
        {
            Assert.True(guard.TryStartCall(Attacker, out var counted));
            Assert.True(counted);
        }

        Assert.False(guard.TryStartCall(Attacker, out var refusedCounted));
        Assert.False(refusedCounted);
        Assert.False(guard.TryStartCall(Attacker, out _));
        Assert.True(guard.TryStartCall(Citizen, out _)); // another source is not affected
        Assert.Equal(3, guard.CallsOf(Attacker));
        guard.CallEnded(Attacker);
        Assert.Equal(2, guard.CallsOf(Attacker));
        Assert.True(guard.TryStartCall(Attacker, out _));

        Assert.False(guard.IsBanned(Attacker)); // its calls in progress go on: a ban would drop their BYEs
        Assert.True(guard.AdmitMessage(Attacker));
        Assert.Empty(_counter.Bans);
        Assert.Equal([SipProtectionReasons.CallsPerSource, SipProtectionReasons.CallsPerSource], _counter.Refusals);
        var line = Assert.Single(_log.Lines, l => l.Contains("holds", StringComparison.Ordinal)); // once per episode
        Assert.Contains("198.51.100.7 holds 3 calls", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trunk_source_has_no_call_limit_unless_its_own_is_set_and_the_allow_list_none_at_all()
    {
        var trunk = IPAddress.Parse("192.0.2.10");
        var unlimited = NewGuard(o =>
        {
            o.MaxCallsPerSource = 1;
            o.TrunkRanges = [IpNetwork.Parse("192.0.2.0/24")];
            o.AllowList = [IpNetwork.Parse("203.0.113.0/24")];
        });
        for (var call = 0; call < 500; call++)
        {
            Assert.True(unlimited.TryStartCall(trunk, out var counted));
            Assert.False(counted); // nothing to give back
            Assert.True(unlimited.TryStartCall(Citizen, out counted));
            Assert.False(counted);
        }

        Assert.Equal(0, unlimited.CallsOf(trunk));
        Assert.True(unlimited.TryStartCall(Attacker, out _)); // outside the ranges (refused 403 before this, in practice)
        Assert.False(unlimited.TryStartCall(Attacker, out _));

        var capped = NewGuard(o =>
        {
            o.MaxCallsPerSource = 1;
            o.MaxCallsPerTrunkSource = 120;
            o.TrunkRanges = [IpNetwork.Parse("192.0.2.0/24")];
        });
        var admitted = 0;
        while (capped.TryStartCall(trunk, out _))
        {
            admitted++;
        }

        Assert.Equal(120, admitted);
    }

    [Fact]
    public void A_source_holding_calls_is_never_forgotten_to_make_room()
    {
        var guard = NewGuard(o =>
        {
            o.MaxTrackedSources = 10;
            o.MaxCallsPerSource = 1;
        });
        Assert.True(guard.TryStartCall(Attacker, out _));

        for (var host = 1; host <= 200; host++)
        {
            Assert.True(guard.AdmitMessage(IPAddress.Parse($"192.0.2.{host}")));
        }

        Assert.Equal(1, guard.CallsOf(Attacker));
        Assert.False(guard.TryStartCall(Attacker, out _));
    }

    [Fact]
    public void The_allow_list_is_never_limited_nor_banned()
    {
        var guard = NewGuard(o =>
        {
            o.AllowList = [IpNetwork.Parse("198.51.100.0/24")];
            o.RequestBurst = 1;
            o.MaxTcpConnectionsPerAddress = 1;
            o.MaxInvitesWithoutAck = 1;
        });

        for (var i = 0; i < 50; i++)
        {
            guard.AuthenticationFailed(Attacker);
            Assert.True(guard.AdmitMessage(Attacker));
            Assert.True(guard.TryOpenTcp(Attacker));
            Assert.True(guard.TryStartInvite(Attacker));
        }

        Assert.False(guard.IsBanned(Attacker));
        Assert.True(guard.IsAllowListed(IPAddress.Parse("::ffff:198.51.100.9")));
        Assert.Empty(_counter.Bans);
        Assert.Equal(0, guard.TrackedSources);
    }

    [Fact]
    public void Disabled_protection_limits_nothing_but_trunk_ranges_still_apply()
    {
        var guard = NewGuard(o =>
        {
            o.Enabled = false;
            o.RequestBurst = 1;
            o.TrunkRanges = [IpNetwork.Parse("192.0.2.0/24")];
        });

        for (var i = 0; i < 10; i++)
        {
            guard.AuthenticationFailed(Attacker);
            Assert.True(guard.AdmitMessage(Attacker));
        }

        Assert.False(guard.IsBanned(Attacker));
        Assert.False(guard.IsTrunkSource(Attacker));
        Assert.True(guard.IsTrunkSource(IPAddress.Parse("192.0.2.1")));
    }

    [Fact]
    public void Without_trunk_ranges_any_source_may_call()
    {
        var guard = NewGuard();
        Assert.True(guard.IsTrunkSource(Attacker));
        Assert.True(guard.IsTrunkSource(IPAddress.IPv6Loopback));
    }

    [Fact]
    public void Memory_is_bounded_idle_sources_are_forgotten_and_banned_ones_kept()
    {
        var guard = NewGuard(o => o.MaxTrackedSources = 10);
        for (var failure = 0; failure < 5; failure++)
        {
            guard.AuthenticationFailed(Attacker);
        }

        for (var host = 1; host <= 200; host++)
        {
            Assert.True(guard.AdmitMessage(IPAddress.Parse($"192.0.2.{host}")));
        }

        Assert.True(guard.TrackedSources <= 10, $"{guard.TrackedSources} sources tracked");
        Assert.True(guard.IsBanned(Attacker));
        Assert.False(guard.AdmitMessage(Attacker));
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new SourceGuard(new SipProtectionOptions { MaxFailedAuthentications = 0 }));
        Assert.Contains("MaxFailedAuthentications", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => new SourceGuard(new SipProtectionOptions { BanDuration = TimeSpan.FromHours(2), MaxBanDuration = TimeSpan.FromHours(1) }));
        Assert.Contains("MaxBanDuration", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => new SourceGuard(new SipProtectionOptions { MaxCallsPerSource = 0 }));
        Assert.Contains("MaxCallsPerSource", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => new SourceGuard(new SipProtectionOptions { MaxCallsPerTrunkSource = -1 }));
        Assert.Contains("MaxCallsPerTrunkSource", error.Message, StringComparison.Ordinal);
    }

    private sealed class CountingProtection : ISipProtectionCounter
    {
        public List<string> Bans { get; } = [];

        public List<string> Refusals { get; } = [];

        public void Banned(string reason) => Bans.Add(reason);

        public void Refused(string reason) => Refusals.Add(reason);
    }
}
