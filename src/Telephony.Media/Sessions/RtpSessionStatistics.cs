using Telephony.Media.Diagnostics;
using Telephony.Media.Rtcp;

namespace Telephony.Media.Sessions;

/// <summary>Live counters of one <see cref="RtpSession"/>, safe to read from any thread.</summary>
public sealed class RtpSessionStatistics
{
    private long _packetsSent;
    private long _packetsReceived;
    private long _digitsReceived;
    private long _packetsRejected;
    private long _sendErrors;
    private long _foreignPackets;
    private long _latchMoves;
    private long _unannouncedPackets;
    private long _withheld;
    private long _inactivityTimeouts;
    private long _lastReceivedUtcTicks;

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Valid RTP packets of a negotiated payload type from the accepted source.</summary>
    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);

    public long DigitsReceived => Interlocked.Read(ref _digitsReceived);

    /// <summary>
    /// RTP packets missing from the sequence numbers received (RFC 3550 A.3), over every source the session heard.
    /// A late packet lowers it again, and duplicates can take it below the true loss.
    /// </summary>
    public long PacketsLost => Reception.CumulativeLost;

    /// <summary>The interarrival jitter of the stream received now (RFC 3550 §6.4.1); zero before two packets.</summary>
    public TimeSpan Jitter => TimeSpan.FromSeconds(Reception.JitterSeconds);

    /// <summary>Datagrams dropped: not RTP, unknown payload type, or from another source after latching.</summary>
    public long PacketsRejected => Interlocked.Read(ref _packetsRejected);

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Exceptions thrown by the session's event handlers or audio consumer (contained so the receive loop keeps going).</summary>
    public long CallbackErrors => Callback.Count;

    /// <summary>Exceptions contained on the pacing thread while it ran this session's tick.</summary>
    public long TickFailures => Scheduler.Count;

    /// <summary>Exceptions contained while this session handled a received RTP or RTCP datagram.</summary>
    public long ReceiveFailures => Receive.Count;

    /// <summary>Exceptions contained in a bridge this session is a leg of (its owner's handlers).</summary>
    public long BridgeFailures => Bridge.Count;

    /// <summary>
    /// RTP of a negotiated payload type from another source while the latched one was live (part of <see cref="PacketsRejected"/>):
    /// injection attempts, or a second stream such as a media server still sending after a re-INVITE.
    /// </summary>
    public long PacketsFromOtherSources => Interlocked.Read(ref _foreignPackets);

    /// <summary>
    /// RTP from a source the latch may never take (not the SDP's address, not the signalling peer's, not trusted), part
    /// of <see cref="PacketsRejected"/>: a third host trying to feed the call before or during it.
    /// </summary>
    public long PacketsFromUnannouncedSources => Interlocked.Read(ref _unannouncedPackets);

    /// <summary>
    /// Packets not sent because their destination was not proven (the SDP's address, before the peer sent from it);
    /// the stream runs on and they go once the peer's RTP is latched.
    /// </summary>
    public long PacketsWithheld => Interlocked.Read(ref _withheld);

    /// <summary>Times the latch moved to a new source after the latched one went quiet (NAT rebinding, a new media server).</summary>
    public long LatchMoves => Interlocked.Read(ref _latchMoves);

    /// <summary>
    /// Times the media inactivity timeout was declared (at most once per <see cref="RtpSession.Start(NegotiatedAudio, System.Net.IPAddress)"/>), counted when it
    /// is decided, before <see cref="RtpSession.InactivityTimedOut"/> is raised on the thread pool.
    /// </summary>
    public long InactivityTimeouts => Interlocked.Read(ref _inactivityTimeouts);

    /// <summary>When the last accepted packet arrived, for the call's media inactivity timeout; null before any.</summary>
    public DateTimeOffset? LastPacketReceivedAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastReceivedUtcTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    internal void PacketSent() => Interlocked.Increment(ref _packetsSent);

    internal void PacketReceived(DateTimeOffset at)
    {
        Interlocked.Increment(ref _packetsReceived);
        Interlocked.Exchange(ref _lastReceivedUtcTicks, at.UtcTicks);
    }

    internal void DigitReceived() => Interlocked.Increment(ref _digitsReceived);

    internal void PacketRejected() => Interlocked.Increment(ref _packetsRejected);

    internal void SendFailed() => Interlocked.Increment(ref _sendErrors);

    /// <summary>Sequence and jitter state of the received stream, for RTCP and the figures above; the receive path writes it.</summary>
    internal ReceptionStatistics Reception { get; } = new();

    internal MediaFailureTally Scheduler { get; } = new(MediaComponent.Scheduler);

    internal MediaFailureTally Receive { get; } = new(MediaComponent.Receive);

    internal MediaFailureTally Bridge { get; } = new(MediaComponent.Bridge);

    internal MediaFailureTally Callback { get; } = new(MediaComponent.Callback);

    internal MediaFailureTally TallyOf(MediaComponent component) => component switch
    {
        MediaComponent.Scheduler => Scheduler,
        MediaComponent.Receive => Receive,
        MediaComponent.Bridge => Bridge,
        _ => Callback,
    };

    internal void PacketFromOtherSource()
    {
        Interlocked.Increment(ref _foreignPackets);
        Interlocked.Increment(ref _packetsRejected);
    }

    internal void PacketFromUnannouncedSource()
    {
        Interlocked.Increment(ref _unannouncedPackets);
        Interlocked.Increment(ref _packetsRejected);
    }

    internal void SendWithheld() => Interlocked.Increment(ref _withheld);

    internal void InactivityDeclared() => Interlocked.Increment(ref _inactivityTimeouts);

    internal void LatchMoved() => Interlocked.Increment(ref _latchMoves);

    /// <summary>The last accepted packet's time in UTC ticks (0 before any), for the latch's liveness check.</summary>
    internal long LastPacketReceivedUtcTicks => Interlocked.Read(ref _lastReceivedUtcTicks);
}
