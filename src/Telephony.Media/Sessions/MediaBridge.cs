using Telephony.Media.Diagnostics;

namespace Telephony.Media.Sessions;

/// <summary>Why a bridge ended, and which leg caused it.</summary>
public enum MediaBridgeEndReason
{
    /// <summary>A leg was disposed (its call hung up).</summary>
    LegClosed,

    /// <summary>A leg's peer stopped sending media (<see cref="RtpSession.InactivityTimedOut"/>).</summary>
    LegInactive,

    /// <summary>A leg's peer sent an RTCP BYE.</summary>
    LegSentRtcpBye,
}

/// <summary>
/// Connects two started sessions (a caller leg and an agent leg, B2BUA style): audio and RFC 4733 digits received on
/// one are re-sent by the other on its next scheduler tick (paced, one packet of pre-buffer, so about 20-40 ms added),
/// transcoded PCMU/PCMA when the legs differ, without decoding when they match, allocation-free per packet. Hold follows each leg's negotiated direction (restart a leg with the re-INVITE's answer): a leg that must not
/// send or receive does not, and a leg nobody relays to falls back to its own paced stream, so music on hold can be
/// played on it with <see cref="RtpSession.PlayLoopAsync"/>. When either leg closes, times out or says RTCP BYE, the
/// relay stops both ways and <see cref="Ended"/> tells the owner to hang up the other call.
/// </summary>
public sealed class MediaBridge : IDisposable
{
    private readonly Action _callerClosed;
    private readonly Action _agentClosed;
    private readonly Action<MediaTimeoutReason> _callerInactive;
    private readonly Action<MediaTimeoutReason> _agentInactive;
    private readonly Action<uint> _callerBye;
    private readonly Action<uint> _agentBye;
    private int _ended;

    public MediaBridge(RtpSession caller, RtpSession agent)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agent);
        if (ReferenceEquals(caller, agent))
        {
            throw new ArgumentException("A session cannot be bridged to itself.", nameof(agent));
        }

        if (caller.RelayTarget is not null || agent.RelayTarget is not null)
        {
            throw new InvalidOperationException("A session is already bridged.");
        }

        Caller = caller;
        Agent = agent;
        _callerClosed = () => End(caller, MediaBridgeEndReason.LegClosed);
        _agentClosed = () => End(agent, MediaBridgeEndReason.LegClosed);
        _callerInactive = _ => End(caller, MediaBridgeEndReason.LegInactive);
        _agentInactive = _ => End(agent, MediaBridgeEndReason.LegInactive);
        _callerBye = _ => End(caller, MediaBridgeEndReason.LegSentRtcpBye);
        _agentBye = _ => End(agent, MediaBridgeEndReason.LegSentRtcpBye);
        caller.Closed += _callerClosed;
        agent.Closed += _agentClosed;
        caller.InactivityTimedOut += _callerInactive;
        agent.InactivityTimedOut += _agentInactive;
        caller.RemoteByeReceived += _callerBye;
        agent.RemoteByeReceived += _agentBye;
        caller.RelayTarget = agent;
        agent.RelayTarget = caller;
        if (caller.IsDisposed || agent.IsDisposed)
        {
            End(caller.IsDisposed ? caller : agent, MediaBridgeEndReason.LegClosed);
        }
    }

    /// <summary>Raised once, on the thread that noticed, with the leg that ended the bridge.</summary>
    public event Action<RtpSession, MediaBridgeEndReason>? Ended;

    public RtpSession Caller { get; }

    public RtpSession Agent { get; }

    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>Stops relaying (both legs keep running on their own); does not raise <see cref="Ended"/>.</summary>
    public void Dispose() => Unlink();

    private void End(RtpSession leg, MediaBridgeEndReason reason)
    {
        if (!Unlink())
        {
            return;
        }

        try
        {
            Ended?.Invoke(leg, reason);
        }
        catch (Exception exception)
        {
            // The owner's handler failing must not leave the leg that is closing half torn down.
            leg.ReportFailure(MediaComponent.Bridge, exception);
        }
    }

    private bool Unlink()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return false;
        }

        Caller.RelayTarget = null;
        Agent.RelayTarget = null;
        Caller.Closed -= _callerClosed;
        Agent.Closed -= _agentClosed;
        Caller.InactivityTimedOut -= _callerInactive;
        Agent.InactivityTimedOut -= _agentInactive;
        Caller.RemoteByeReceived -= _callerBye;
        Agent.RemoteByeReceived -= _agentBye;
        return true;
    }
}
