using Telephony.Calls.Callbacks;
using Telephony.Sip.Uac;

namespace Telephony.Calls.Tests.Callbacks;

public sealed class CallbackStateMachineTests
{
    [Theory]
    [InlineData(OutgoingCallOutcome.Answered, 200, CallbackAttemptResult.Answered)]
    [InlineData(OutgoingCallOutcome.NoAnswer, 487, CallbackAttemptResult.NoAnswer)]
    [InlineData(OutgoingCallOutcome.Rejected, 480, CallbackAttemptResult.NoAnswer)]
    [InlineData(OutgoingCallOutcome.Rejected, 486, CallbackAttemptResult.Busy)]
    [InlineData(OutgoingCallOutcome.Rejected, 600, CallbackAttemptResult.Busy)]
    [InlineData(OutgoingCallOutcome.Rejected, 603, CallbackAttemptResult.Rejected)]
    [InlineData(OutgoingCallOutcome.Rejected, 401, CallbackAttemptResult.Rejected)]
    [InlineData(OutgoingCallOutcome.Timeout, 408, CallbackAttemptResult.Error)]
    [InlineData(OutgoingCallOutcome.TransportError, 408, CallbackAttemptResult.Error)]
    public void Each_answer_of_the_trunk_is_one_attempt_result(OutgoingCallOutcome outcome, int status, CallbackAttemptResult expected) =>
        Assert.Equal(expected, CallbackStateMachine.ResultOf(outcome, status));

    [Theory]
    [InlineData(CallbackAttemptResult.Answered, 3, 3, CallbackNext.Complete)]
    [InlineData(CallbackAttemptResult.Busy, 1, 3, CallbackNext.Retry)]
    [InlineData(CallbackAttemptResult.NoAnswer, 2, 3, CallbackNext.Retry)]
    [InlineData(CallbackAttemptResult.NoAnswer, 3, 3, CallbackNext.Fail)]
    [InlineData(CallbackAttemptResult.Error, 1, 1, CallbackNext.Fail)]
    public void An_attempt_completes_retries_or_fails_by_the_attempts_left(CallbackAttemptResult result, int made, int max, CallbackNext expected) =>
        Assert.Equal(expected, CallbackStateMachine.After(result, made, max));

    [Fact]
    public void A_retry_due_outside_the_calling_hours_waits_for_the_next_opening()
    {
        var hours = CallingHours.Parse("08:30-19:30", "Mon-Sat");
        // Saturday 28 November 2026, 19:25 in Paris (18:25 UTC): 15 minutes later it is closed until Monday 8:30.
        var due = CallbackStateMachine.RetryDue(new DateTimeOffset(2026, 11, 28, 18, 25, 0, TimeSpan.Zero), TimeSpan.FromMinutes(15), hours);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 7, 30, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void Calling_hours_of_the_whole_day_are_always_open()
    {
        var hours = CallingHours.Parse("00:00-24:00", "Mon-Sun");
        Assert.True(hours.IsOpen(new DateTimeOffset(2026, 11, 29, 23, 59, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("8h-19h", "Mon-Sat", "Callbacks:CallingHours")]
    [InlineData("19:00-08:00", "Mon-Sat", "Callbacks:CallingHours")]
    [InlineData("08:00-19:00", "Lundi", "Callbacks:CallingDays")]
    [InlineData("08:00-19:00", "Sat-Mon", "Callbacks:CallingDays")]
    public void A_bad_calling_hours_value_names_its_key(string hours, string days, string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new CallbackSettings { CallingHours = hours, CallingDays = days }.Validate());
        Assert.StartsWith(key, error.Message, StringComparison.Ordinal);
    }
}
