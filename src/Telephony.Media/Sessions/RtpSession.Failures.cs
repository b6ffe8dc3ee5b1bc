using Telephony.Media.Diagnostics;
using Telephony.Media.Pacing;
using Telephony.Media.Rtp;

namespace Telephony.Media.Sessions;

/// <summary>
/// Failures contained on the session's hot paths: each is counted in <see cref="Statistics"/> and reported to the
/// scheduler's <see cref="MediaScheduler.Log"/>, which logs the first of each kind and then one every ten seconds.
/// </summary>
public sealed partial class RtpSession
{
    /// <summary>Names the stream in logs: the local RTP address, which the call's own log lines also show.</summary>
    private string StreamName => field ??= $"rtp {LocalEndPoint}";

    void IPacedStream.OnTickFailed(Exception exception) => ReportFailure(MediaComponent.Scheduler, exception);

    void IDatagramHandler.OnDatagramFailed(Exception exception) => ReportFailure(MediaComponent.Receive, exception);

    internal void ReportFailure(MediaComponent component, Exception exception) =>
        Statistics.TallyOf(component).Report(exception, _scheduler.Log, StreamName, _time);
}
