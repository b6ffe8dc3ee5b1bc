namespace Telephony.Sms.Tests;

public sealed class SmsRetryPolicyTests
{
    [Fact]
    public void The_delay_doubles_from_the_first_retry_up_to_the_cap()
    {
        var policy = new SmsRetryPolicy(new SmsSettings { RetryDelaySeconds = 30, RetryMaxDelaySeconds = 200, MaxAttempts = 10 });

        Assert.Equal([30, 60, 120, 200, 200], Enumerable.Range(1, 5).Select(a => policy.DelayAfter(a).TotalSeconds));
        Assert.Equal(200, policy.DelayAfter(1000).TotalSeconds);
    }

    [Fact]
    public void The_last_attempt_is_max_attempts()
    {
        var policy = new SmsRetryPolicy(new SmsSettings { MaxAttempts = 3 });

        Assert.False(policy.IsExhausted(2));
        Assert.True(policy.IsExhausted(3));
    }
}
