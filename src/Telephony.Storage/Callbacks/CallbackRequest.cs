namespace Telephony.Storage;

/// <summary>
/// A citizen's request to be called back. The number is kept in clear because the service must dial it; it never
/// leaves this table (logs and call records carry the masked form).
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

    /// <summary><c>pending</c> until the callback feature dials it.</summary>
    public string Status { get; init; } = "pending";
}
