namespace Telephony.Storage;

/// <summary>
/// The write-ahead row of a call just answered: who, where, when and which node, but no outcome and no end yet.
/// Completed by a <see cref="CallRecord"/> with the same <see cref="Id"/>, or closed as <c>node_lost</c> when its node dies.
/// </summary>
public sealed record OpenCallRecord
{
    public required Guid Id { get; init; }

    public required string CallId { get; init; }

    public required string Network { get; init; }

    public required string Line { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>The caller's number passed through <see cref="PhoneNumberMasking.Mask"/>: never the clear number.</summary>
    public string? CallerMasked { get; init; }

    /// <summary>The node that answered the call, and the run of it that holds the call's media.</summary>
    public required NodeIdentity Node { get; init; }
}
