namespace Telephony.Storage;

/// <summary>One SMS of the outbox: what to send, to whom, when, and how far its sending got.</summary>
public sealed record OutboxSms
{
    public Guid Id { get; init; }

    /// <summary>Why it is sent (confirmation, reminder, callback_failed): the metrics' <c>kind</c> label.</summary>
    public required string Kind { get; init; }

    /// <summary>What it is about (an appointment's or a callback's id); unique with <see cref="Kind"/>.</summary>
    public required string Reference { get; init; }

    /// <summary>The line's network (CNAV, CAF...): the metrics' <c>network</c> label.</summary>
    public required string Network { get; init; }

    /// <summary>E.164 while the SMS may still be sent; the masked form once the row is final.</summary>
    public required string PhoneNumber { get; init; }

    /// <summary>The text exactly as it is sent.</summary>
    public required string Body { get; init; }

    /// <summary>Not sent before: now for a confirmation, the evening before for a reminder, later after a failure.</summary>
    public DateTimeOffset DueAt { get; init; }

    /// <summary>Not sent after (a reminder once the appointment has begun); null: no limit.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public string State { get; init; } = SmsStates.Pending;

    /// <summary>Sends tried so far, counted when a node claims the row (so a send that crashed its node counts too).</summary>
    public int Attempts { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? LastError { get; init; }

    public override string ToString() =>
        $"OutboxSms {{ Id = {Id}, Kind = {Kind}, Network = {Network}, To = {PhoneNumberMasking.Mask(PhoneNumber)}, State = {State}, Attempts = {Attempts} }}";
}

/// <summary>The states of an outbox row. Only <see cref="Pending"/> and an expired <see cref="Sending"/> may be claimed.</summary>
public static class SmsStates
{
    public const string Pending = "pending";

    /// <summary>Claimed by a node until its lease ends; a lease that ends (the node died) makes the row claimable again.</summary>
    public const string Sending = "sending";

    public const string Sent = "sent";

    /// <summary>Every attempt failed.</summary>
    public const string Failed = "failed";

    /// <summary>Its appointment was cancelled before it was sent.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Claimed too late to be of use (the appointment had begun).</summary>
    public const string Expired = "expired";
}
