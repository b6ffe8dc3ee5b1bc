namespace Telephony.Calls.Agents;

/// <summary>
/// What makes an agent's fields acceptable, shared by the admin API and the configuration bootstrap. Each check gives
/// a plain-words problem (the caller names the field or the configuration key) or null when the value is fine.
/// </summary>
public static class AgentRules
{
    /// <summary>A phone's digest password is all that protects its registration: shorter ones are refused.</summary>
    public const int MinimumPasswordLength = 12;

    public const int MaximumPasswordLength = 128;

    public const int MaximumDisplayNameLength = 100;

    public const int MaximumSipUsernameLength = 64;

    /// <summary>Longest reason a supervisor may give for a pause or a forced log-out.</summary>
    public const int MaximumReasonLength = 200;

    public static string? DisplayNameProblem(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "is required and cannot be empty"
        : value.Length > MaximumDisplayNameLength ? $"is limited to {MaximumDisplayNameLength} characters"
        : value.Any(char.IsControl) ? "cannot hold control characters"
        : null;

    /// <summary>
    /// A phone extension: letters, digits, '.', '_' and '-'. Narrower than RFC 3261's user part on purpose: such a name
    /// needs no escaping in a URI, a digest parameter, a log line or a configuration key.
    /// </summary>
    public static string? SipUsernameProblem(string? value) =>
        string.IsNullOrEmpty(value) ? "is required and cannot be empty"
        : value.Length > MaximumSipUsernameLength ? $"is limited to {MaximumSipUsernameLength} characters"
        : value.AsSpan().IndexOfAnyExcept(UsernameCharacters) >= 0 ? "may only hold letters, digits, '.', '_' and '-'"
        : null;

    public static string? PasswordProblem(string? value) =>
        value is null ? "is required"
        : value.Length < MinimumPasswordLength ? $"must be at least {MinimumPasswordLength} characters"
        : value.Length > MaximumPasswordLength ? $"is limited to {MaximumPasswordLength} characters"
        : null;

    public static string? LevelProblem(int level) =>
        level is < Grains.Abstractions.AgentSkill.BestLevel or > Grains.Abstractions.AgentSkill.WorstLevel
            ? $"must be from {Grains.Abstractions.AgentSkill.BestLevel} (first choice) to {Grains.Abstractions.AgentSkill.WorstLevel}"
            : null;

    /// <param name="known">The queues the IVR scripts name (<see cref="ScriptQueues"/>).</param>
    public static string? QueueProblem(string? queue, IReadOnlySet<string> known) =>
        string.IsNullOrWhiteSpace(queue) ? "is required and cannot be empty"
        : !known.Contains(queue) ? $"'{queue}' is not a queue of the IVR scripts (known: {string.Join(", ", known)})"
        : null;

    public static string? ReasonProblem(string? reason) =>
        reason is not null && (reason.Length > MaximumReasonLength || reason.Any(char.IsControl))
            ? $"is limited to {MaximumReasonLength} characters, without control characters"
            : null;

    private const string UsernameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
}
