namespace Telephony.Storage;

/// <summary>An operator's override of a line as stored: forced closed or open, with the operator's text.</summary>
public sealed record StoredLineOverride
{
    public required string ScriptName { get; init; }

    /// <summary><c>closed</c> or <c>open</c>.</summary>
    public required string Kind { get; init; }

    public string? Message { get; init; }

    public DateTimeOffset? Until { get; init; }

    public DateTimeOffset SetAt { get; init; }
}
