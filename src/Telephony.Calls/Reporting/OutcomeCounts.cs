namespace Telephony.Calls.Reporting;

/// <summary>
/// Calls by final outcome, with the letters of dashboards/README.md (« Les issues d'un appel »): A, H, AI, AQ, AQS,
/// CB, C, S, T, D, and the callbacks' results Rc (completed) and Rf (failed).
/// </summary>
public sealed record OutcomeCounts
{
    public static readonly OutcomeCounts None = new();

    /// <summary>A: picked up by an agent.</summary>
    public long AnsweredAgent { get; init; }

    /// <summary>H: fully answered by the IVR.</summary>
    public long HandledIvr { get; init; }

    /// <summary>AI: the caller hung up in the IVR before asking for an agent.</summary>
    public long AbandonedIvr { get; init; }

    /// <summary>AQ: the caller hung up in a queue, after the short-abandon threshold.</summary>
    public long AbandonedQueue { get; init; }

    /// <summary>AQS: the caller hung up in a queue before the threshold.</summary>
    public long AbandonedQueueShort { get; init; }

    /// <summary>CB: the caller left with a callback stored.</summary>
    public long CallbackRequested { get; init; }

    /// <summary>C: outside opening hours or exceptionally closed.</summary>
    public long Closed { get; init; }

    /// <summary>S: the call could not be taken (queue full, no media port, line saturated).</summary>
    public long Saturated { get; init; }

    /// <summary>T: sent to another line, which counts it again.</summary>
    public long Transferred { get; init; }

    /// <summary>D: ended by the service itself.</summary>
    public long Dropped { get; init; }

    /// <summary>Rc: callbacks in which an agent reached the caller.</summary>
    public long CallbacksCompleted { get; init; }

    /// <summary>Rf: callbacks given up.</summary>
    public long CallbacksFailed { get; init; }

    /// <summary>The outcome of a callback's record once the citizen was bridged to an agent (not an offered call).</summary>
    public const string CallbackCompletedOutcome = "callback_completed";

    /// <summary>The outcome of a callback's record once its last attempt failed (not an offered call).</summary>
    public const string CallbackFailedOutcome = "callback_failed";

    /// <summary>The count of one outcome label as stored and exported (<c>answered_agent</c>...); 0 for a label that is none.</summary>
    public static OutcomeCounts Of(string outcome, long calls) => outcome switch
    {
        "answered_agent" => new() { AnsweredAgent = calls },
        "handled_ivr" => new() { HandledIvr = calls },
        "abandoned_ivr" => new() { AbandonedIvr = calls },
        "abandoned_queue" => new() { AbandonedQueue = calls },
        "abandoned_queue_short" => new() { AbandonedQueueShort = calls },
        "callback_requested" => new() { CallbackRequested = calls },
        "closed" => new() { Closed = calls },
        "saturated" => new() { Saturated = calls },
        "transferred" => new() { Transferred = calls },
        "dropped" => new() { Dropped = calls },
        // The records of callbacks' outbound calls (CallRecorder.RecordCallback): Rc and Rf.
        CallbackCompletedOutcome => new() { CallbacksCompleted = calls },
        CallbackFailedOutcome => new() { CallbacksFailed = calls },
        _ => None,
    };

    /// <summary>The ten call outcomes, in the README's order, by label.</summary>
    public IReadOnlyList<(string Outcome, long Calls)> ByLabel() =>
    [
        ("answered_agent", AnsweredAgent),
        ("handled_ivr", HandledIvr),
        ("abandoned_ivr", AbandonedIvr),
        ("abandoned_queue", AbandonedQueue),
        ("abandoned_queue_short", AbandonedQueueShort),
        ("callback_requested", CallbackRequested),
        ("closed", Closed),
        ("saturated", Saturated),
        ("transferred", Transferred),
        ("dropped", Dropped),
    ];

    public OutcomeCounts Plus(OutcomeCounts other) => new()
    {
        AnsweredAgent = AnsweredAgent + other.AnsweredAgent,
        HandledIvr = HandledIvr + other.HandledIvr,
        AbandonedIvr = AbandonedIvr + other.AbandonedIvr,
        AbandonedQueue = AbandonedQueue + other.AbandonedQueue,
        AbandonedQueueShort = AbandonedQueueShort + other.AbandonedQueueShort,
        CallbackRequested = CallbackRequested + other.CallbackRequested,
        Closed = Closed + other.Closed,
        Saturated = Saturated + other.Saturated,
        Transferred = Transferred + other.Transferred,
        Dropped = Dropped + other.Dropped,
        CallbacksCompleted = CallbacksCompleted + other.CallbacksCompleted,
        CallbacksFailed = CallbacksFailed + other.CallbacksFailed,
    };
}
