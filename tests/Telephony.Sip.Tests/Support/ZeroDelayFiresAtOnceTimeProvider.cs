namespace Telephony.Sip.Tests.Support;

/// <summary>
/// A clock whose zero-delay timers fire synchronously inside <see cref="ITimer.Change"/>, and whose other timers
/// never fire: the worst interleaving a thread-pool timer can produce for the TCP timers (D, I, K) that RFC 3261
/// sets to zero. Code that settles its result after starting such a timer loses the race every time here.
/// </summary>
internal sealed class ZeroDelayFiresAtOnceTimeProvider : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new EagerTimer(callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class EagerTimer(TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(EagerTimer));
            }

            if (dueTime == TimeSpan.Zero)
            {
                callback(state);
            }

            return true;
        }

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
