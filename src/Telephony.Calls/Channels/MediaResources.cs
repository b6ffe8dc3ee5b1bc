using System.Net;
using Microsoft.Extensions.Options;
using Telephony.Calls.Configuration;
using Telephony.Calls.Metrics;
using Telephony.Media.Pacing;
using Telephony.Media.Playback;
using Telephony.Media.Rtp;
using Telephony.Media.Sessions;

namespace Telephony.Calls.Channels;

/// <summary>
/// What every call's media shares: the RTP port range, the one pacing scheduler and the prompt cache.
/// </summary>
public sealed class MediaResources : IDisposable
{
    private readonly RtpPortAllocator _ports;
    private readonly IPAddress _bindAddress;

    private readonly RtpSessionOptions _sessionOptions;
    private Timer? _trafficCollection;
    private RtpTrafficMetrics? _trafficMetrics;

    /// <param name="bindAddress">Address the RTP sockets bind to (the SIP bind address).</param>
    /// <param name="rtpPorts">The UDP port range for RTP, first and last included.</param>
    public MediaResources(IPAddress bindAddress, (int First, int Last) rtpPorts, IOptions<MediaSettings> media)
    {
        _sessionOptions = new RtpSessionOptions
        {
            InactivityTimeout = media.Value.InactivityTimeoutSeconds > 0
                ? TimeSpan.FromSeconds(media.Value.InactivityTimeoutSeconds)
                : Timeout.InfiniteTimeSpan,
            InBandDtmf = media.Value.InBandDtmf,
            LatchReleaseAfter = media.Value.LatchReleaseSeconds > 0
                ? TimeSpan.FromSeconds(media.Value.LatchReleaseSeconds)
                : Timeout.InfiniteTimeSpan,
            PeerPolicy = ParsePeerPolicy(media.Value.TrustedRanges),
        };
        _ports = new RtpPortAllocator(rtpPorts.First, rtpPorts.Last);
        _bindAddress = bindAddress;
    }

    public MediaScheduler Scheduler { get; } = new();

    /// <summary>The media peer rules every session applies (<c>Media:TrustedRanges</c>).</summary>
    public MediaPeerPolicy PeerPolicy => _sessionOptions.PeerPolicy;

    /// <summary>Free RTP port pairs now, for admission control.</summary>
    public int FreePortPairs => _ports.Capacity - _ports.LeasedCount;

    /// <summary>RTP port pairs of the configured range.</summary>
    public int TotalPortPairs => _ports.Capacity;

    public PromptCache Prompts { get; } = new();

    /// <summary>Opens an RTP session on a free port of the range; throws InvalidOperationException when none is free.</summary>
    public RtpSession OpenSession() => RtpSession.Open(_ports, _bindAddress, Scheduler, _sessionOptions);

    /// <summary>
    /// Sends the failures the media threads contain to the host's log and metrics (see <see cref="MediaErrorLog"/>);
    /// sessions already open report there from their next failure on.
    /// </summary>
    public void ReportErrorsTo(ILogger logger, TelephonyMetrics metrics) => Scheduler.Log = new MediaErrorLog(logger, metrics);

    /// <summary>
    /// Publishes the sessions' RTP figures to <paramref name="metrics"/>: every <see cref="RtpTrafficMetrics.CollectInterval"/>
    /// from a timer (off the media threads) and at each session's end.
    /// </summary>
    public void ReportTrafficTo(RtpTrafficMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        Scheduler.Traffic.Sink = metrics;
        _trafficMetrics = metrics;
        var interval = RtpTrafficMetrics.CollectInterval;
        var timer = new Timer(_ => CollectTraffic(logger), null, interval, interval);
        Interlocked.Exchange(ref _trafficCollection, timer)?.Dispose();
    }

    private static MediaPeerPolicy ParsePeerPolicy(string[]? ranges)
    {
        try
        {
            return MediaPeerPolicy.Parse(ranges ?? []);
        }
        catch (FormatException error)
        {
            throw new InvalidOperationException($"Media:TrustedRanges: {error.Message}", error);
        }
    }

    public void Dispose()
    {
        _trafficCollection?.Dispose();
        Scheduler.Dispose();
    }

    /// <summary>
    /// Counts the pacing thread's stalls and logs a summary of each interval that had one: a late group delays every
    /// call in it, and the cause (collection, CPU queue, sending, blocked) says where to look.
    /// </summary>
    private void ReportStalls(ILogger logger)
    {
        var stalls = Scheduler.Stalls.Take();
        if (stalls.Count == 0)
        {
            return;
        }

        _trafficMetrics?.AddStalls(stalls);
        logger.LogWarning(
            "Media pacing: {Count} phase group(s) started over {Threshold} ms late in the last {Interval} s (gc {Gc}, run_queue {RunQueue}, busy {Busy}, blocked {Blocked}); worst {Worst:F1} ms at {At:HH:mm:ss.fff} ({Cause})",
            stalls.Count,
            PacingStalls.Threshold.TotalMilliseconds,
            RtpTrafficMetrics.CollectInterval.TotalSeconds,
            stalls.CountByCause[(int)PacingStallCause.GarbageCollection],
            stalls.CountByCause[(int)PacingStallCause.RunQueue],
            stalls.CountByCause[(int)PacingStallCause.Busy],
            stalls.CountByCause[(int)PacingStallCause.Blocked],
            stalls.Worst.TotalMilliseconds,
            stalls.WorstAt.ToLocalTime(),
            RtpTrafficMetrics.StallLabel(stalls.WorstCause));
    }

    private void CollectTraffic(ILogger logger)
    {
        try
        {
            Scheduler.Traffic.Collect();
            ReportStalls(logger);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A timer callback that throws ends the process: figures may be late, the calls must not stop.
            logger.LogError(error, "RTP figures could not be published; trying again in {Interval}", RtpTrafficMetrics.CollectInterval);
        }
    }
}
