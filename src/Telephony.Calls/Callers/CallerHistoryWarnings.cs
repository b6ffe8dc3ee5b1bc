namespace Telephony.Calls.Callers;

/// <summary>
/// The caller history's warnings, at most one every <see cref="Interval"/> with the count of those held back: under
/// overload every call fails the same way, and a warning with its stack trace per call (tens of thousands a second
/// were seen) would take the CPU the calls need.
/// </summary>
internal sealed class CallerHistoryWarnings(TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private DateTimeOffset _nextAt = DateTimeOffset.MinValue;
    private long _heldBack;

    public void Failed(Exception error, string consequence)
    {
        if (TakeTurn(out var heldBack))
        {
            logger.LogWarning(error, "Caller history unreachable: {Consequence} ({HeldBack} similar warning(s) held back in the last {Interval})",
                consequence, heldBack, Interval);
        }
    }

    public void Skipped(string consequence)
    {
        if (TakeTurn(out var heldBack))
        {
            logger.LogWarning("Caller history busy (too many requests in flight): {Consequence} ({HeldBack} similar warning(s) held back in the last {Interval})",
                consequence, heldBack, Interval);
        }
    }

    private bool TakeTurn(out long heldBack)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now < _nextAt)
            {
                _heldBack++;
                heldBack = 0;
                return false;
            }

            _nextAt = now + Interval;
            heldBack = _heldBack;
            _heldBack = 0;
            return true;
        }
    }
}
