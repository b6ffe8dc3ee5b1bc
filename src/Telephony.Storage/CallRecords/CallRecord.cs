namespace Telephony.Storage;

/// <summary>What happened to one call, written once when the call ends.</summary>
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
}
