
namespace Telephony.Calls;

/// <summary>
/// The final outcome of a call, counted once per call. The label values are a contract with the dashboards
/// and alert rules (see ARCHITECTURE.md): rename nothing here without changing them too.
/// </summary>
public enum CallOutcome
{
    AnsweredAgent,
    HandledIvr,
    AbandonedIvr,
    AbandonedQueue,
    AbandonedQueueShort,
    CallbackRequested,
    Closed,
    Saturated,

    /// <summary>Sent to another line by the IVR; that line counts the call as offered and gives its final outcome.</summary>
    Transferred,

    /// <summary>Ended by the service itself (shutdown, internal error): never blamed on the caller as an abandon.</summary>
    Dropped,
}

public static class CallOutcomeLabels
{
    public static string ToLabel(this CallOutcome outcome) => outcome switch
    {
        CallOutcome.AnsweredAgent => "answered_agent",
        CallOutcome.HandledIvr => "handled_ivr",
        CallOutcome.AbandonedIvr => "abandoned_ivr",
        CallOutcome.AbandonedQueue => "abandoned_queue",
        CallOutcome.AbandonedQueueShort => "abandoned_queue_short",
        CallOutcome.CallbackRequested => "callback_requested",
        CallOutcome.Closed => "closed",
        CallOutcome.Saturated => "saturated",
        CallOutcome.Transferred => "transferred",
        CallOutcome.Dropped => "dropped",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown call outcome."),
    };
}
