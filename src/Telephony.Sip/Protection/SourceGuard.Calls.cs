using System.Globalization;
using System.Net;

namespace Telephony.Sip.Protection;

/// <summary>
/// Concurrent calls per source: <see cref="SipProtectionOptions.MaxCallsPerSource"/> outside the trunk ranges,
/// <see cref="SipProtectionOptions.MaxCallsPerTrunkSource"/> inside them. A refusal is not a ban: a ban drops every
/// message, the BYEs and re-INVITEs of the source's calls in progress with them, and a PBX at its channel count in the
/// busy hour is no attacker. A source that floods refused INVITEs meets the request rate's ban anyway.
/// </summary>
public sealed partial class SourceGuard
{
    /// <summary>
    /// A new call from this address is about to start: false when the source already holds its most (answer 486).
    /// <paramref name="counted"/> says whether it now counts against the source, to be given back by
    /// <see cref="CallEnded"/> exactly once (an exempt or untracked source's calls are not counted).
    /// </summary>
    public bool TryStartCall(IPAddress address, out bool counted)
    {
        counted = false;
        if (Exempt(address) || CallLimitOf(address) is not { } limit)
        {
            return true;
        }

        var admitted = Update(address, (state, key, _) => OnStartCall(state, key, limit));
        counted = admitted is true;
        return admitted is not false;
    }

    /// <summary>A call that <see cref="TryStartCall"/> counted has ended.</summary>
    public void CallEnded(IPAddress address) =>
        Update(address, static (state, _, _) =>
        {
            state.Calls = Math.Max(0, state.Calls - 1);
            return true;
        });

    /// <summary>Calls counted against the source now (for tests and diagnostics).</summary>
    public int CallsOf(IPAddress address)
    {
        if (!_sources.TryGetValue(Normalize(address), out var state))
        {
            return 0;
        }

        lock (state.Gate)
        {
            return state.Calls;
        }
    }

    /// <summary>The source's limit; null for none (a trunk source with MaxCallsPerTrunkSource 0).</summary>
    private int? CallLimitOf(IPAddress address)
    {
        var inTrunkRange = _options.TrunkRanges.Count > 0 && IpNetwork.AnyContains(_options.TrunkRanges, Normalize(address));
        if (!inTrunkRange)
        {
            return _options.MaxCallsPerSource;
        }

        return _options.MaxCallsPerTrunkSource > 0 ? _options.MaxCallsPerTrunkSource : null;
    }

    private bool OnStartCall(SourceState state, IPAddress address, int limit)
    {
        if (state.Calls >= limit)
        {
            _counter.Refused(SipProtectionReasons.CallsPerSource);
            // Once per episode (until a call of it is let in again), the address and the limit only.
            if (state.CallRefusalsLogged++ == 0)
            {
                _log.Log(SipLogLevel.Warning, string.Create(CultureInfo.InvariantCulture,
                    $"SIP protection: {address} holds {state.Calls} calls (the most per source), answering its new INVITEs 486 until some end"));
            }

            return false;
        }

        state.Calls++;
        state.CallRefusalsLogged = 0;
        return true;
    }
}
