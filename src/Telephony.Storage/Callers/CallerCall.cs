namespace Telephony.Storage;

/// <summary>One finished call of a known number to a line, as the repeat-caller hint shows it: when, and how it ended.</summary>
public sealed record CallerCall(DateTimeOffset StartedAt, string Outcome);
