using System.Collections.Concurrent;

namespace Telephony.Ivr;

/// <summary>What an operator decided for a line, overriding its opening hours.</summary>
public enum LineOverrideKind
{
    /// <summary>The line is closed whatever its hours say (strike, outage); callers hear the exceptional-closure branch.</summary>
    ForcedClosed,

    /// <summary>The line is open whatever its hours say (exceptional opening).</summary>
    ForcedOpen,
}

/// <summary>
/// An operator's override of one line. <paramref name="Message"/> is the operator's free text (e.g. "grève nationale"):
/// the host has no speech synthesis at run time, so callers hear the script's prepared closure prompt and the text is
/// carried in <see cref="LineClosedByOperator"/> for logs and the admin console. Past <paramref name="Until"/> the
/// override no longer applies (null: until removed).
/// </summary>
public sealed record LineOverride(LineOverrideKind Kind, string? Message, DateTimeOffset? Until)
{
    public bool AppliesAt(DateTimeOffset now) => Until is not { } until || now < until;
}

/// <summary>Where the session reads operator overrides; looked up at the moment a call evaluates its hours, so a change is effective at once.</summary>
public interface ILineOverrides
{
    /// <param name="scriptName">The script's name (its file name without extension, e.g. <c>cnav</c>).</param>
    LineOverride? Get(string scriptName);
}

/// <summary>A thread-safe in-memory store of overrides, for the admin API to write and every call to read.</summary>
public sealed class InMemoryLineOverrides : ILineOverrides
{
    private readonly ConcurrentDictionary<string, LineOverride> _overrides = new(StringComparer.Ordinal);

    public static ILineOverrides None { get; } = new InMemoryLineOverrides();

    public LineOverride? Get(string scriptName) => _overrides.TryGetValue(scriptName, out var value) ? value : null;

    public void Set(string scriptName, LineOverride value)
    {
        ArgumentNullException.ThrowIfNull(scriptName);
        ArgumentNullException.ThrowIfNull(value);
        _overrides[scriptName] = value;
    }

    public bool Clear(string scriptName) => _overrides.TryRemove(scriptName, out _);

    public IReadOnlyDictionary<string, LineOverride> Snapshot() => new Dictionary<string, LineOverride>(_overrides, StringComparer.Ordinal);
}

/// <summary>What the host passes to every <see cref="IvrSession"/> besides the script and the clock.</summary>
public sealed record IvrSessionOptions
{
    public static IvrSessionOptions Default { get; } = new();

    /// <summary>Configuration key <c>Ivr:ForceOpen</c>: every line is treated as open (tests, exceptional national opening).</summary>
    public bool ForceOpen { get; init; }

    /// <summary>
    /// The caller's number as presented (the From user part), for the nodes that read it back before calling it back
    /// (callback, appointment); personal data, never in the path. Null: anonymous. Set per call by the host.
    /// </summary>
    public string? CallerNumber { get; init; }

    /// <summary>Per-line operator overrides; a forced-closed line stays closed even when <see cref="ForceOpen"/> is set.</summary>
    public ILineOverrides Overrides { get; init; } = InMemoryLineOverrides.None;
}
