using Telephony.Ivr;

namespace Telephony.Server.Admin;

/// <summary>Body of <c>PUT /admin/lines/{script}/override</c>.</summary>
/// <param name="Mode"><c>closed</c> (strike, outage) or <c>open</c> (exceptional opening).</param>
/// <param name="Message">The operator's reason, kept for logs and the console; callers hear the line's closure prompt.</param>
/// <param name="Until">When the override lapses by itself; omitted: until removed.</param>
public sealed record LineOverrideRequest(string? Mode, string? Message, DateTimeOffset? Until)
{
    private const int MaxMessageLength = 500;

    public LineOverrideKind ParsedKind => Mode == "closed" ? LineOverrideKind.ForcedClosed : LineOverrideKind.ForcedOpen;

    /// <summary>A plain-words error, or null when the request can be applied.</summary>
    public string? Validate(DateTimeOffset now) =>
        Mode is not ("closed" or "open") ? "'mode' must be \"closed\" or \"open\"."
        : Message is { Length: > MaxMessageLength } ? $"'message' is limited to {MaxMessageLength} characters."
        : Until is { } until && until <= now ? "'until' is in the past."
        : null;
}
