namespace Telephony.Bench.Storage;

/// <summary>Grain state of the size a queue grain keeps: a few waiting calls and counters (about 300 bytes of JSON).</summary>
[GenerateSerializer]
public sealed class BenchState
{
    [Id(0)]
    public List<string> Waiting { get; set; } = [];

    [Id(1)]
    public long Served { get; set; }

    [Id(2)]
    public DateTimeOffset UpdatedAt { get; set; }
}
