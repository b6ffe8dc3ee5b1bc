namespace Telephony.Media.Diagnostics;

/// <summary>
/// Where <see cref="RtpTrafficMeter"/> hands the RTP figures of every session, in batches (the library takes no
/// metrics package; the host adapts this to its counters). Called under the meter's lock: be quick, do not call back.
/// </summary>
public interface IRtpTrafficSink
{
    /// <summary>RTP packets sent, received and lost (sequence gaps) since the previous call, all sessions together; each ≥ 0.</summary>
    void Add(long sent, long received, long lost);

    /// <summary>One session's interarrival jitter (RFC 3550) now, for a session that received packets since its last sample.</summary>
    void ObserveJitter(TimeSpan jitter);
}
