namespace Telephony.Media.Diagnostics;

/// <summary>
/// Counts one kind of failure on one stream and decides which to log: the first, then at most one per
/// <see cref="LogInterval"/> with how many were left out since, so a call failing every packet logs a line every
/// ten seconds instead of fifty a second. Safe to use from several threads.
/// </summary>
internal sealed class MediaFailureTally(MediaComponent component)
{
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private long _count;
    private long _unlogged;
    private long _lastLoggedAt;
    private bool _everLogged;

    public long Count => Interlocked.Read(ref _count);

    public void Report(Exception exception, IMediaLog? log, string stream, TimeProvider time)
    {
        Interlocked.Increment(ref _count);
        if (log is null)
        {
            return;
        }

        long unlogged;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (_everLogged && time.GetElapsedTime(_lastLoggedAt, now) < LogInterval)
            {
                _unlogged++;
                unlogged = -1;
            }
            else
            {
                unlogged = _unlogged;
                _unlogged = 0;
                _lastLoggedAt = now;
                _everLogged = true;
            }
        }

        try
        {
            log.FailureCounted(component);
            if (unlogged >= 0)
            {
                log.FailureLogged(component, stream, exception, unlogged);
            }
        }
        catch (Exception)
        {
            // A broken log must not turn a contained failure into one that stops the media threads.
        }
    }
}
