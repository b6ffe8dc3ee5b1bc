namespace Telephony.Grains.Callers;

/// <summary>How much of a caller's history the caller grain keeps (section <c>Callers</c>).</summary>
public sealed class CallerHistoryOptions
{
    public const string SectionName = "Callers";

    /// <summary>Calls older than this many days are forgotten.</summary>
    public int RecentDays { get; set; } = 7;

    /// <summary>At most this many calls per line are kept, the newest.</summary>
    public int MaxCallsPerLine { get; set; } = 50;
}
