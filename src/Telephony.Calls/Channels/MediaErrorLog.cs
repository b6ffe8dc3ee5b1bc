using Telephony.Calls.Metrics;
using Telephony.Media.Diagnostics;

namespace Telephony.Calls.Channels;

/// <summary>
/// The host's side of the media layer's failure reports: every failure counts in
/// <c>telephony_media_errors_total{component}</c>, and the log gets the first of each kind on a stream, then one every
/// ten seconds with the number left out (the media layer does the rate limiting, per stream).
/// </summary>
public sealed class MediaErrorLog : IMediaLog
{
    private readonly ILogger _logger;
    private readonly Prometheus.ICounter[] _counters;

    public MediaErrorLog(ILogger logger, TelephonyMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(metrics);
        _logger = logger;

        // One child per component, made now: a failing stream may report 50 times a second, and the series show 0 at start.
        _counters = Enum.GetValues<MediaComponent>().Select(c => metrics.MediaErrors(Label(c))).ToArray();
    }

    public static string Label(MediaComponent component) => component.ToString().ToLowerInvariant();

    public void FailureCounted(MediaComponent component) => _counters[(int)component].Inc();

    public void FailureLogged(MediaComponent component, string stream, Exception exception, long unloggedSincePrevious)
    {
        if (unloggedSincePrevious == 0)
        {
            _logger.LogError(exception, "Media {Component} failure on {Stream}, contained; the call goes on", Label(component), stream);
        }
        else
        {
            _logger.LogError(exception, "Media {Component} failure on {Stream} again, {Unlogged} more since the last report", Label(component), stream, unloggedSincePrevious);
        }
    }
}
