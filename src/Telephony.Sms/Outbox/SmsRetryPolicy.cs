namespace Telephony.Sms;

/// <summary>
/// When a failed SMS is tried again: <c>Sms:RetryDelaySeconds</c> after the first failure, doubling after each further
/// one up to <c>Sms:RetryMaxDelaySeconds</c>, and no more once <c>Sms:MaxAttempts</c> sends were tried. Deterministic, no
/// jitter: the outbox's claims already spread nodes over rows, and a predictable schedule is easier to reason about.
/// </summary>
public sealed class SmsRetryPolicy(SmsSettings settings)
{
    /// <summary>True when <paramref name="attempts"/> sends (this one included) are all there will be.</summary>
    public bool IsExhausted(int attempts) => attempts >= settings.MaxAttempts;

    /// <summary>Wait after the failure of attempt number <paramref name="attempts"/> (1 for the first send).</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempts);
        // Capped exponent: 2^20 times any base delay is past every cap the settings allow.
        var seconds = settings.RetryDelaySeconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, settings.RetryMaxDelaySeconds));
    }
}
