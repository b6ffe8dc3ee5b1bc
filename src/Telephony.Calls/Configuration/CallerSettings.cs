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
}
