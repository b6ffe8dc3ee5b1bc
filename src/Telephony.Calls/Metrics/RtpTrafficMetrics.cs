using Prometheus;
using Telephony.Media.Diagnostics;
using Telephony.Media.Pacing;

namespace Telephony.Calls.Metrics;

/// <summary>
/// The node's RTP figures: packets sent, received and lost (sequence gaps), and the interarrival jitter of each
/// session sampled every <see cref="CollectInterval"/>. They reach Prometheus in batches from the media layer's
/// <see cref="RtpTrafficMeter"/> (per collection and at each session's end), never per packet.
/// </summary>
public sealed class RtpTrafficMetrics : IRtpTrafficSink
{
    /// <summary>How often the open sessions' figures are published: counters are at most this late, and each session gives a jitter sample this often.</summary>
    public static readonly TimeSpan CollectInterval = TimeSpan.FromSeconds(5);

    /// <summary>Jitter buckets (seconds): a good network stays under 5 ms, 30 ms starts to be heard, 100 ms and more breaks a jitter buffer.</summary>
    public static readonly double[] JitterBuckets = [0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5];

    private readonly Counter _sent;
    private readonly Counter _received;
    private readonly Counter _lost;
    private readonly Histogram _jitter;
    private readonly Counter _stalls;
    private readonly Counter _withheld;
    private readonly Counter _unannounced;

    public RtpTrafficMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _sent = factory.CreateCounter("telephony_rtp_packets_sent_total", "RTP packets this node sent, every call leg together.");
        _received = factory.CreateCounter("telephony_rtp_packets_received_total", "RTP packets this node accepted (negotiated payload, from the peer it latched on).");
        _lost = factory.CreateCounter("telephony_rtp_packets_lost_total", "RTP packets missing from the sequence numbers received (RFC 3550 A.3).");
        _withheld = factory.CreateCounter(
            "telephony_rtp_packets_withheld_total",
            "RTP packets not sent because the SDP named an address nobody proved (not the SIP peer's, not in Media:TrustedRanges, no RTP from it yet).");
        _unannounced = factory.CreateCounter(
            "telephony_rtp_packets_unannounced_source_total",
            "RTP packets dropped because they came from an address the call's signalling never named (not the SDP's, not the SIP peer's, not trusted).");
        _jitter = factory.CreateHistogram(
            "telephony_rtp_jitter_seconds",
            "Interarrival jitter of the streams received (RFC 3550 6.4.1), one sample per session every 5 s while it receives, and at its end.",
            new HistogramConfiguration { Buckets = JitterBuckets });
        _stalls = factory.CreateCounter(
            "telephony_media_pacing_stalls_total",
            "Phase groups of the pacing thread that started more than 5 ms late (every call of the group paused), by cause: gc, run_queue, busy, blocked.",
            ["cause"]);
        foreach (var cause in Enum.GetValues<PacingStallCause>())
        {
            _stalls.WithLabels(StallLabel(cause)).IncTo(0);
        }
    }

    public static string StallLabel(PacingStallCause cause) => cause switch
    {
        PacingStallCause.GarbageCollection => "gc",
        PacingStallCause.RunQueue => "run_queue",
        PacingStallCause.Busy => "busy",
        PacingStallCause.Blocked => "blocked",
        _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, "Unknown stall cause."),
    };

    public void AddStalls(PacingStallSummary stalls)
    {
        for (var i = 0; i < stalls.CountByCause.Length; i++)
        {
            if (stalls.CountByCause[i] > 0)
            {
                _stalls.WithLabels(StallLabel((PacingStallCause)i)).Inc(stalls.CountByCause[i]);
            }
        }
    }

    public void Add(long sent, long received, long lost)
    {
        _sent.Inc(sent);
        _received.Inc(received);
        _lost.Inc(lost);
    }

    public void AddRefused(long withheld, long unannounced)
    {
        _withheld.Inc(withheld);
        _unannounced.Inc(unannounced);
    }

    public void ObserveJitter(TimeSpan jitter) => _jitter.Observe(jitter.TotalSeconds);
}
