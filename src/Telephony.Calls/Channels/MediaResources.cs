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
        };
        _ports = new RtpPortAllocator(rtpPorts.First, rtpPorts.Last);
        _bindAddress = bindAddress;
    }

    public MediaScheduler Scheduler { get; } = new();

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
        var interval = RtpTrafficMetrics.CollectInterval;
        var timer = new Timer(_ => CollectTraffic(logger), null, interval, interval);
        Interlocked.Exchange(ref _trafficCollection, timer)?.Dispose();
    }

    public void Dispose()
    {
        _trafficCollection?.Dispose();
        Scheduler.Dispose();
    }

    private void CollectTraffic(ILogger logger)
    {
        try
        {
            Scheduler.Traffic.Collect();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A timer callback that throws ends the process: figures may be late, the calls must not stop.
            logger.LogError(error, "RTP figures could not be published; trying again in {Interval}", RtpTrafficMetrics.CollectInterval);
        }
    }
}
