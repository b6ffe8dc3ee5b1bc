namespace Telephony.Sip.Transactions;

/// <summary>A restartable one-shot timer on a <see cref="TimeProvider"/> (fake time in tests).</summary>
internal sealed class TransactionTimer : IDisposable
{
    private readonly ITimer _timer;

    public TransactionTimer(TimeProvider time, Action onFire)
    {
        _timer = time.CreateTimer(_ => onFire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Start(TimeSpan due) => _timer.Change(due, Timeout.InfiniteTimeSpan);

    public void Stop() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Dispose() => _timer.Dispose();
}
