using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Callers;

/// <summary>A caller's recent calls per line, newest first, as stored (never the number: the grain key is its hash).</summary>
[GenerateSerializer]
public sealed class CallerRecord
{
    [Id(0)]
    public Dictionary<string, List<RecentCall>> RecentByLine { get; set; } = [];
}
