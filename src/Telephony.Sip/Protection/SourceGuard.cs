using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Telephony.Sip.Protection;

/// <summary>
/// The per-source limits of <see cref="SipProtectionOptions"/> and the bans they lead to, on a
/// <see cref="TimeProvider"/>. Thread-safe: each source's state has its own lock. Memory is bounded by
/// <see cref="SipProtectionOptions.MaxTrackedSources"/>.
/// </summary>
public sealed partial class SourceGuard
{
    private readonly SipProtectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ISipLog _log;
    private readonly ISipProtectionCounter _counter;
    private readonly ConcurrentDictionary<IPAddress, SourceState> _sources = new();
    private readonly Lock _sweepGate = new();
    private int _untrackedWarned;

    public SourceGuard(SipProtectionOptions options, TimeProvider? time = null, ISipLog? log = null, ISipProtectionCounter? counter = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _time = time ?? TimeProvider.System;
        _log = log ?? NullSipLog.Instance;
        _counter = counter ?? NullSipProtectionCounter.Instance;
    }

    public SipProtectionOptions Options => _options;

    /// <summary>Sources whose state is kept now (for tests and diagnostics).</summary>
    public int TrackedSources => _sources.Count;

    /// <summary>Whether the address is on the allow list (never limited nor banned).</summary>
    public bool IsAllowListed(IPAddress address) => IpNetwork.AnyContains(_options.AllowList, Normalize(address));

    /// <summary>Whether a new INVITE from this address may come in (trunk ranges; empty: any).</summary>
    public bool IsTrunkSource(IPAddress address) =>
        _options.TrunkRanges.Count == 0 || IpNetwork.AnyContains(_options.TrunkRanges, Normalize(address));

    public bool IsBanned(IPAddress address) =>
        _sources.TryGetValue(Normalize(address), out var state) && state.BannedUntil > _time.GetUtcNow();

    /// <summary>
    /// One message (datagram or TCP frame) arrived: false when it must be dropped unanswered, because the source is
    /// banned or this message took it over its rate (which bans it).
    /// </summary>
    public bool AdmitMessage(IPAddress address) => Exempt(address) || Update(address, OnMessage) is not false;

    /// <summary>A digest authentication from this address failed; enough of them ban it.</summary>
    public void AuthenticationFailed(IPAddress address)
    {
        if (!Exempt(address))
        {
            Update(address, OnAuthenticationFailed);
        }
    }

    /// <summary>A TCP connection from this address was accepted: false when it must be closed at once.</summary>
    public bool TryOpenTcp(IPAddress address) => Exempt(address) || Update(address, OnOpenTcp) is not false;

    /// <summary>A connection that <see cref="TryOpenTcp"/> let in has closed.</summary>
    public void TcpClosed(IPAddress address)
    {
        if (!Exempt(address))
        {
            Update(address, static (state, _, _) =>
            {
                state.TcpConnections = Math.Max(0, state.TcpConnections - 1);
                return true;
            });
        }
    }

    /// <summary>A new INVITE arrived: false when it must be dropped, the source having too many unacknowledged.</summary>
    public bool TryStartInvite(IPAddress address) => Exempt(address) || Update(address, OnStartInvite) is not false;

    /// <summary>An INVITE that <see cref="TryStartInvite"/> let in was acknowledged or its transaction ended.</summary>
    public void InviteEnded(IPAddress address)
    {
        if (!Exempt(address))
        {
            Update(address, static (state, _, _) =>
            {
                state.InvitesInFlight = Math.Max(0, state.InvitesInFlight - 1);
                return true;
            });
        }
    }

    private bool Exempt(IPAddress address) => !_options.Enabled || IsAllowListed(address);

    private bool OnMessage(SourceState state, IPAddress address, DateTimeOffset now)
    {
        if (state.BannedUntil > now)
        {
            _counter.Refused(SipProtectionReasons.Banned);
            return false;
        }

        var elapsed = (now - state.LastRefill).TotalSeconds;
        state.Tokens = Math.Min(_options.RequestBurst, state.Tokens + (elapsed * _options.RequestsPerSecond));
        state.LastRefill = now;
        if (state.Tokens < 1)
        {
            Ban(state, address, now, SipProtectionReasons.RequestRate,
                string.Create(CultureInfo.InvariantCulture, $"over {_options.RequestsPerSecond} messages a second (burst {_options.RequestBurst})"));
            _counter.Refused(SipProtectionReasons.RequestRate);
            return false;
        }

        state.Tokens -= 1;
        return true;
    }

    private bool OnAuthenticationFailed(SourceState state, IPAddress address, DateTimeOffset now)
    {
        if (state.BannedUntil > now)
        {
            return false;
        }

        state.Failures.Enqueue(now);
        while (state.Failures.Count > 0 && now - state.Failures.Peek() >= _options.FailedAuthenticationWindow)
        {
            state.Failures.Dequeue();
        }

        if (state.Failures.Count >= _options.MaxFailedAuthentications)
        {
            Ban(state, address, now, SipProtectionReasons.AuthFailures,
                string.Create(CultureInfo.InvariantCulture, $"{state.Failures.Count} failed authentications within {_options.FailedAuthenticationWindow.TotalSeconds} s"));
        }

        return true;
    }

    private bool OnOpenTcp(SourceState state, IPAddress address, DateTimeOffset now)
    {
        if (state.BannedUntil > now)
        {
            _counter.Refused(SipProtectionReasons.Banned);
            return false;
        }

        if (state.TcpConnections >= _options.MaxTcpConnectionsPerAddress)
        {
            _counter.Refused(SipProtectionReasons.TcpConnections);
            if (state.TcpRefusalsLogged++ == 0)
            {
                _log.Log(SipLogLevel.Warning, string.Create(CultureInfo.InvariantCulture,
                    $"SIP protection: {address} holds {state.TcpConnections} TCP connections (the most per address), refusing more"));
            }

            return false;
        }

        state.TcpConnections++;
        state.TcpRefusalsLogged = 0;
        return true;
    }

    private bool OnStartInvite(SourceState state, IPAddress address, DateTimeOffset now)
    {
        if (state.BannedUntil > now)
        {
            _counter.Refused(SipProtectionReasons.Banned);
            return false;
        }

        if (state.InvitesInFlight >= _options.MaxInvitesWithoutAck)
        {
            Ban(state, address, now, SipProtectionReasons.InvitesInFlight,
                string.Create(CultureInfo.InvariantCulture, $"over {_options.MaxInvitesWithoutAck} INVITEs unacknowledged at once"));
            _counter.Refused(SipProtectionReasons.InvitesInFlight);
            return false;
        }

        state.InvitesInFlight++;
        return true;
    }

    private void Ban(SourceState state, IPAddress address, DateTimeOffset now, string reason, string why)
    {
        // A source banned again soon after its last ban is a persistent one: each ban doubles, up to the maximum.
        state.Bans = state.Bans > 0 && now - state.BannedUntil <= _options.RepeatMemory ? state.Bans + 1 : 1;
        var duration = BanLength(state.Bans);
        state.BannedUntil = now + duration;
        state.Failures.Clear();
        _counter.Banned(reason);
        // The address and the rule only: nothing of the messages (numbers, agents) is logged.
        _log.Log(SipLogLevel.Warning, string.Create(CultureInfo.InvariantCulture,
            $"SIP protection: banned {address} for {duration.TotalMinutes:0.#} min ({reason}: {why}; ban {state.Bans} of this source)"));
    }

    /// <summary>The length of a source's n-th ban in a row (1-based).</summary>
    public TimeSpan BanLength(int ban)
    {
        var doublings = Math.Min(Math.Max(0, ban - 1), 30);
        var ticks = Math.Min((double)_options.BanDuration.Ticks * Math.Pow(2, doublings), _options.MaxBanDuration.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Runs <paramref name="step"/> under the source's lock; null when the source could not be tracked.</summary>
    private bool? Update(IPAddress address, Func<SourceState, IPAddress, DateTimeOffset, bool> step)
    {
        var key = Normalize(address);
        while (true)
        {
            var now = _time.GetUtcNow();
            if (!_sources.TryGetValue(key, out var state))
            {
                if (_sources.Count >= _options.MaxTrackedSources && !MakeRoom(now))
                {
                    if (Interlocked.Exchange(ref _untrackedWarned, 1) == 0)
                    {
                        _log.Log(SipLogLevel.Warning, $"SIP protection: {_options.MaxTrackedSources} sources tracked, new ones go unlimited until some are idle");
                    }

                    return null;
                }

                state = _sources.GetOrAdd(key, _ => new SourceState(_options.RequestBurst, now));
            }

            lock (state.Gate)
            {
                // Forgotten by a sweep between the lookup and the lock: take the new state instead.
                if (!state.Removed)
                {
                    return step(state, key, now);
                }
            }
        }
    }

    /// <summary>Forgets the sources with nothing worth remembering; true when there is room afterwards.</summary>
    private bool MakeRoom(DateTimeOffset now)
    {
        lock (_sweepGate)
        {
            if (_sources.Count < _options.MaxTrackedSources)
            {
                return true;
            }

            foreach (var (address, state) in _sources)
            {
                lock (state.Gate)
                {
                    if (state.IsIdle(now, _options))
                    {
                        state.Removed = true;
                        _sources.TryRemove(new KeyValuePair<IPAddress, SourceState>(address, state));
                    }
                }
            }

            var room = _sources.Count < _options.MaxTrackedSources;
            if (room)
            {
                Volatile.Write(ref _untrackedWarned, 0);
            }

            return room;
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private sealed class SourceState(int burst, DateTimeOffset now)
    {
        public Lock Gate { get; } = new();

        public double Tokens { get; set; } = burst;

        public DateTimeOffset LastRefill { get; set; } = now;

        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset BannedUntil { get; set; } = DateTimeOffset.MinValue;

        public int Bans { get; set; }

        public int TcpConnections { get; set; }

        public int TcpRefusalsLogged { get; set; }

        public int InvitesInFlight { get; set; }

        public int Calls { get; set; }

        public int CallRefusalsLogged { get; set; }

        public bool Removed { get; set; }

        public bool IsIdle(DateTimeOffset now, SipProtectionOptions options) =>
            BannedUntil <= now && (Bans == 0 || now - BannedUntil > options.RepeatMemory)
            && TcpConnections == 0 && InvitesInFlight == 0 && Calls == 0
            && (Failures.Count == 0 || now - Failures.Last() >= options.FailedAuthenticationWindow)
            && Tokens + ((now - LastRefill).TotalSeconds * options.RequestsPerSecond) >= options.RequestBurst;
    }
}
