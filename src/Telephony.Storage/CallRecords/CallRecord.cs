namespace Telephony.Storage;

/// <summary>
/// What happened to one call on one line once it is over. Its row is opened when the call is answered
/// (<see cref="OpenCallRecord"/>) and completed with this when the call ends; readers only ever see completed records.
/// A call the IVR transferred to another line also has a completed record on the line it left, with outcome
/// <c>transferred</c> (same call id).
/// </summary>
public sealed record CallRecord
{
    public Guid Id { get; init; }

    /// <summary>The SIP Call-ID of the call's dialog.</summary>
    public required string CallId { get; init; }

    public required string Network { get; init; }

    public required string Line { get; init; }

    /// <summary>IVR nodes visited, in order, joined by '&gt;' (e.g. "welcome&gt;menu&gt;retraite").</summary>
    public string Path { get; init; } = "";

    public string? QueueId { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    public DateTimeOffset? QueuedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    /// <summary>Final outcome, as counted by the metrics (e.g. "answered_agent", "abandoned_queue").</summary>
    public required string Outcome { get; init; }

    public string? EndReason { get; init; }

    /// <summary>The caller's number passed through <see cref="PhoneNumberMasking.Mask"/>: never the clear number.</summary>
    public string? CallerMasked { get; init; }

    /// <summary>The agent who took the call, by opaque id (<see cref="AgentIds"/>): never the agent's name.</summary>
    public string? AgentId { get; init; }

    /// <summary>When the agent's phone answered and the legs were bridged.</summary>
    public DateTimeOffset? AgentAnsweredAt { get; init; }

    /// <summary>Seconds the caller waited in the queue (until an agent answered or the caller left).</summary>
    public double? WaitSeconds { get; init; }

    /// <summary>Seconds the caller talked with the agent.</summary>
    public double? TalkSeconds { get; init; }

    /// <summary>How many agent phones were rung for this call (0 when none was).</summary>
    public int RingAttempts { get; init; }

    /// <summary>The caller's satisfaction answer, 1 to 5; null when the survey was not offered or not answered.</summary>
    public int? SurveyScore { get; init; }

    /// <summary>The node that answered the call (<c>Node:Id</c>); null on records written before nodes were recorded.</summary>
    public string? NodeId { get; init; }

    /// <summary>
    /// What the caller said to choose their menu options (utterances joined by " | "); null unless the service runs with
    /// Speech:StoreTranscripts. Personal data: deleted with the record by the retention rule, never logged.
    /// </summary>
    public string? Transcript { get; init; }

    /// <summary>
    /// The caller's number as its keyed hash (<see cref="CallerKeyFormat"/>; null for an anonymous caller or when no
    /// history is kept for this record): the completion then also adds the call to <c>caller_calls</c>, the
    /// repeat-caller hint's source, in the same transaction. Not a column of <c>call_records</c>: the records outlive
    /// the hint by far, and must not link one number's calls for that long.
    /// </summary>
    public string? CallerKey { get; init; }

    /// <summary>Names the call and its outcome only: what the caller said must not reach a log through a record.</summary>
    public override string ToString() => $"CallRecord {{ {CallId}, {Network}/{Line}, {Outcome} }}";
}
