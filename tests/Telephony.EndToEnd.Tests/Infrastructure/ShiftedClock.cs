namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The system clock moved to a chosen moment: time goes on at its normal pace from there, timers are real. How a test
/// reaches "the evening before the appointment, just before the reminder's hour" without waiting a day.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset now) : TimeProvider
{
    private readonly TimeSpan _offset = now - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
