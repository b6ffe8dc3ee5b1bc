namespace Telephony.Calls.Configuration;

/// <summary>The <c>Callers</c> configuration section: how citizens' numbers are keyed, and how long their calls are remembered.</summary>
public sealed class CallerSettings
{
    public const string SectionName = "Callers";

    /// <summary>
    /// Key of the HMAC that turns a phone number into the caller's grain key (at least 32 characters). The same value
    /// on every node of a cluster; left empty, one is generated once into <see cref="HashKeyFile"/>.
    /// </summary>
    public string? HashKey { get; set; }

    public string HashKeyFile { get; set; } = "data/caller-hash-key";

    /// <summary>How far back the repeat-caller hint looks (days).</summary>
    public int RecentDays { get; set; } = 7;

    /// <summary>
    /// Caller-grain requests this node may have unanswered at once. Past it the history is left out of new calls (the
    /// hint is a nicety): under overload each request ends in a storage write, and letting them pile up behind a
    /// slow store starved the thread pool until the node stopped answering anything (bench/README.md, overload at 3x).
    /// </summary>
    public int MaxRequestsInFlight { get; set; } = 256;
}
