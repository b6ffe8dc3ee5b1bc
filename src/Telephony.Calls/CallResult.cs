namespace Telephony.Calls;

/// <summary>What a call flow reports when its part of the call is over: enough for the record and the outcome counter.</summary>
/// <param name="TransferTo">Set when the IVR transferred the call to another line (its normalised number).</param>
public sealed record CallResult(
    CallOutcome Outcome,
    IReadOnlyList<string> Path,
    string? QueueId,
    DateTimeOffset? QueuedAt,
    string EndReason,
    string? TransferTo = null)
{
    /// <summary>The agent who took the call (their opaque id, never their name), once bridged.</summary>
    public string? AgentId { get; init; }

    public DateTimeOffset? AgentAnsweredAt { get; init; }

    /// <summary>How many agent phones were rung for this call (each reservation dialled counts once).</summary>
    public int RingAttempts { get; init; }

    /// <summary>From the agent's answer to the end of the conversation.</summary>
    public TimeSpan? TalkTime { get; init; }

    /// <summary>True when the line's satisfaction survey was put to the caller (after the agent hung up).</summary>
    public bool SurveyAsked { get; init; }

    /// <summary>The satisfaction survey's answer, 1 to 5; null when not asked or not answered.</summary>
    public int? SurveyScore { get; init; }

    /// <summary>
    /// What the caller said that chose their menu options, utterances separated by " | "; set only with
    /// Speech:StoreTranscripts (off by default: personal data, kept in memory for the agent's console only).
    /// </summary>
    public string? Transcript { get; init; }
}
