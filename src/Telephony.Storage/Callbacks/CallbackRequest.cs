namespace Telephony.Storage;

/// <summary>
/// A citizen's request to be called back, and the durable record of its execution (<see cref="CallbackStates"/>).
/// The number is kept because the service must dial it: encrypted at rest, never in logs or call records (masked).
/// </summary>
public sealed record CallbackRequest
{
    public Guid Id { get; init; }

    public required string CallId { get; init; }

    public required string Network { get; init; }

    public required string Line { get; init; }

    public required string QueueId { get; init; }

    /// <summary>E.164, validated as a French national number before it is stored.</summary>
    public required string PhoneNumber { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>One of <see cref="CallbackStates"/>.</summary>
    public string Status { get; init; } = CallbackStates.Pending;

    /// <summary><c>asap</c> (keeps the caller's place) or <c>appointment</c> (a booked slot).</summary>
    public string Kind { get; init; } = CallbackKinds.Asap;

    /// <summary>Its place in the queue: the caller's arrival in it (or the request, or the slot's start).</summary>
    public DateTimeOffset QueuedAt { get; init; }

    /// <summary>When it may next be worked on: at once, the slot's start, or after a retry's delay.</summary>
    public DateTimeOffset DueAt { get; init; }

    /// <summary>Calls placed to the citizen so far.</summary>
    public int Attempts { get; init; }

    /// <summary>The node holding it (its <c>Node:Id</c>) while queued or dialling, until <see cref="LeaseUntil"/>.</summary>
    public string? ClaimedBy { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>A keyed hash of the number: one active ASAP callback per number and line (null for appointments).</summary>
    public string? NumberKey { get; init; }

    public string? AppointmentId { get; init; }

    /// <summary>What the citizen told the IVR, as JSON for the agent's console (personal data: encrypted at rest).</summary>
    public string? AgentContext { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Why it ended (e.g. <c>answered</c>, <c>no_answer</c>) or the last attempt's result while retrying.</summary>
    public string? EndReason { get; init; }

    public bool IsActive => CallbackStates.IsActive(Status);
}

/// <summary>The states of a callback's record. Active: pending, queued, dialling.</summary>
public static class CallbackStates
{
    /// <summary>Stored, waiting for its time (or the calling hours, or a retry's delay); held by no node.</summary>
    public const string Pending = "pending";

    /// <summary>A node holds it in its queue, waiting for an agent.</summary>
    public const string Queued = "queued";

    /// <summary>An agent answered and the citizen is being called (an attempt is counted).</summary>
    public const string Dialling = "dialling";

    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsActive(string status) => status is Pending or Queued or Dialling;
}

public static class CallbackKinds
{
    public const string Asap = "asap";
    public const string Appointment = "appointment";
}
