namespace Telephony.Media.Sessions;

/// <summary>Live counters of one <see cref="RtpSession"/>, safe to read from any thread.</summary>
public sealed class RtpSessionStatistics
{
    private long _packetsSent;
    private long _packetsReceived;
    private long _digitsReceived;
    private long _packetsRejected;
    private long _sendErrors;
    private long _callbackErrors;
    private long _lastReceivedUtcTicks;

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Valid RTP packets of a negotiated payload type from the accepted source.</summary>
    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);

    public long DigitsReceived => Interlocked.Read(ref _digitsReceived);

    /// <summary>Datagrams dropped: not RTP, unknown payload type, or from another source after latching.</summary>
    public long PacketsRejected => Interlocked.Read(ref _packetsRejected);

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Exceptions thrown by DigitReceived or audio handlers (contained so the receive loop keeps going).</summary>
    public long CallbackErrors => Interlocked.Read(ref _callbackErrors);

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

    internal void CallbackFailed() => Interlocked.Increment(ref _callbackErrors);
}
