using Telephony.Sip.Uac;

namespace Telephony.Calls.Callbacks;

/// <summary>How one call to the citizen went, as <c>telephony_callback_attempts_total</c> counts it.</summary>
public enum CallbackAttemptResult
{
    Answered,
    NoAnswer,
    Busy,
    Rejected,
    Error,

    /// <summary>Customer first: the citizen answered, then hung up before an agent took the call (retried like a no-answer).</summary>
    HungUpWaiting,
}

/// <summary>What the record does after an attempt.</summary>
public enum CallbackNext
{
    /// <summary>The citizen answered: completed.</summary>
    Complete,

    /// <summary>Another attempt after the retry delay: back to pending.</summary>
    Retry,

    /// <summary>No attempt left: failed, and the citizen gets an SMS.</summary>
    Fail,
}

/// <summary>
/// The decisions of a callback's state machine, apart from the record that keeps it (the repository's conditional
/// transitions: pending → queued → dialling → completed | pending (retry) | failed; cancelled from pending or queued).
/// </summary>
public static class CallbackStateMachine
{
    public static string Label(this CallbackAttemptResult result) => result switch
    {
        CallbackAttemptResult.Answered => "answered",
        CallbackAttemptResult.NoAnswer => "no_answer",
        CallbackAttemptResult.Busy => "busy",
        CallbackAttemptResult.Rejected => "rejected",
        CallbackAttemptResult.HungUpWaiting => "hung_up_waiting",
        _ => "error",
    };

    /// <summary>
    /// The result of the INVITE to the citizen: ringing past the ring timeout (a voicemail would answer next), 408 and
    /// 480 are no answer; 486 and 600 busy; 603 and the other final refusals rejected; nothing back or a transport
    /// failure an error.
    /// </summary>
    public static CallbackAttemptResult ResultOf(OutgoingCallOutcome outcome, int statusCode) => outcome switch
    {
        OutgoingCallOutcome.Answered => CallbackAttemptResult.Answered,
        OutgoingCallOutcome.NoAnswer or OutgoingCallOutcome.Cancelled => CallbackAttemptResult.NoAnswer,
        OutgoingCallOutcome.Rejected when statusCode is 408 or 480 => CallbackAttemptResult.NoAnswer,
        OutgoingCallOutcome.Rejected when statusCode is 486 or 600 => CallbackAttemptResult.Busy,
        OutgoingCallOutcome.Rejected => CallbackAttemptResult.Rejected,
        _ => CallbackAttemptResult.Error,
    };

    /// <param name="attemptsMade">Attempts counted so far, this one included.</param>
    public static CallbackNext After(CallbackAttemptResult result, int attemptsMade, int maxAttempts) =>
        result == CallbackAttemptResult.Answered ? CallbackNext.Complete
        : attemptsMade < maxAttempts ? CallbackNext.Retry
        : CallbackNext.Fail;

    /// <summary>
    /// When a retry is due: after the delay, moved to the next opening of the calling hours.
    /// </summary>
    public static DateTimeOffset RetryDue(DateTimeOffset now, TimeSpan delay, CallingHours hours) => hours.NextOpening(now + delay);
}
