using Telephony.Media.Diagnostics;

namespace Telephony.Media.Tests.Support;

/// <summary>An <see cref="IMediaLog"/> that keeps what it is told, as the host's logger and counter would.</summary>
internal sealed class RecordingMediaLog : IMediaLog
{
    private readonly List<(MediaComponent Component, string Stream, Exception Exception, long Unlogged)> _logged = [];
    private readonly long[] _counted = new long[Enum.GetValues<MediaComponent>().Length];

    public List<(MediaComponent Component, string Stream, Exception Exception, long Unlogged)> Logged
    {
        get
        {
            lock (_logged)
            {
                return [.. _logged];
            }
        }
    }

    public long Counted(MediaComponent component) => Interlocked.Read(ref _counted[(int)component]);

    public void FailureCounted(MediaComponent component) => Interlocked.Increment(ref _counted[(int)component]);

    public void FailureLogged(MediaComponent component, string stream, Exception exception, long unloggedSincePrevious)
    {
        lock (_logged)
        {
            _logged.Add((component, stream, exception, unloggedSincePrevious));
        }
    }
}
