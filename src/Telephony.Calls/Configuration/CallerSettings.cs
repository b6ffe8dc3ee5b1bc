namespace Telephony.Calls.Configuration;

/// <summary>The <c>Callers</c> configuration section: how citizens' numbers are keyed, and how long their calls are remembered.</summary>
public sealed class CallerSettings
{
    public const string SectionName = "Callers";

    /// <summary>
    /// Key of the HMAC that turns a phone number into the caller's key, its grain id and caller-history key (at least
    /// 32 characters). The same value on every node of a cluster; left empty, one is generated once into
    /// <see cref="HashKeyFile"/>.
    /// </summary>
    public string? HashKey { get; set; }

    public string HashKeyFile { get; set; } = "data/caller-hash-key";

    /// <summary>How far back the repeat-caller hint looks (days).</summary>
    public int RecentDays { get; set; } = 7;

    /// <summary>At most this many of the number's recent calls are shown to the agent, the newest.</summary>
    public int MaxCallsShown { get; set; } = 50;

    /// <summary>
    /// Caller-history requests (hint reads, caller-grain calls) this node may have unanswered at once. Past it the
    /// history is left out of new calls (the hint is a nicety): letting them pile up behind a slow store starved the
    /// thread pool until the node stopped answering anything (bench/README.md, overload at 3x).
    /// </summary>
    public int MaxRequestsInFlight { get; set; } = 256;
}
