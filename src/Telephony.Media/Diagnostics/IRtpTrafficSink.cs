namespace Telephony.Media.Diagnostics;

/// <summary>
/// Where <see cref="RtpTrafficMeter"/> hands the RTP figures of every session, in batches (the library takes no
/// metrics package; the host adapts this to its counters). Called under the meter's lock: be quick, do not call back.
/// </summary>
public interface IRtpTrafficSink
{
    /// <summary>RTP packets sent, received and lost (sequence gaps) since the previous call, all sessions together; each ≥ 0.</summary>
    void Add(long sent, long received, long lost);

    /// <summary>
    /// Packets the media peer rules stopped since the previous call: <paramref name="withheld"/> not sent to an unproven
    /// address, <paramref name="unannounced"/> received from a source the latch may never take. Each ≥ 0.
    /// </summary>
    void AddRefused(long withheld, long unannounced)
    {
    }

    /// <summary>One session's interarrival jitter (RFC 3550) now, for a session that received packets since its last sample.</summary>
    void ObserveJitter(TimeSpan jitter);
}
