namespace Telephony.Ivr;

/// <summary>How the IVR's part of a call ended, so the host can count every call once by its final outcome.</summary>
public enum IvrOutcome
{
    /// <summary>The IVR fully answered the caller (the call ended after an information message): <c>handled_ivr</c>.</summary>
    HandledIvr,

    /// <summary>The caller hung up while in the IVR: <c>abandoned_ivr</c>.</summary>
    AbandonedIvr,

    /// <summary>Handed to an agent queue; the queue decides the final outcome (answered, abandoned, callback...).</summary>
    Queued,

    /// <summary>The line was closed (outside opening hours): <c>closed</c>.</summary>
    Closed,

    /// <summary>The line refused the call for lack of capacity: <c>saturated</c>.</summary>
    Saturated,

    /// <summary>The caller asked to be called back: <c>callback_requested</c>.</summary>
    CallbackRequested,

    /// <summary>Transferred to another line, which counts the call as offered there.</summary>
    Transferred,
}

public static class IvrOutcomeExtensions
{
    /// <summary>
    /// The <c>outcome</c> label of <c>telephony_calls_outcome_total</c>, or null for a hand-off
    /// (<see cref="IvrOutcome.Queued"/>) whose final outcome is counted by whoever takes the call.
    /// </summary>
    public static string? ToMetricLabel(this IvrOutcome outcome) => outcome switch
    {
        IvrOutcome.HandledIvr => "handled_ivr",
        IvrOutcome.AbandonedIvr => "abandoned_ivr",
        IvrOutcome.Closed => "closed",
        IvrOutcome.Saturated => "saturated",
        IvrOutcome.CallbackRequested => "callback_requested",
        IvrOutcome.Queued or IvrOutcome.Transferred => null,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown IVR outcome."),
    };
}
