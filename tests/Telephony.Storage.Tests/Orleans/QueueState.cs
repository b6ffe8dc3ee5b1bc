namespace Telephony.Storage.Tests.Orleans;

/// <summary>Grain state shaped like what a queue grain would keep.</summary>
/// <remarks>
/// [GenerateSerializer] is what admits the type into Orleans' type allow-list; without it the JSON grain-storage
/// serializer refuses to read the stored state back.
/// </remarks>
[GenerateSerializer]
public sealed class QueueState
{
    [Id(0)]
    public List<string> Waiting { get; set; } = [];

    [Id(1)]
    public int Served { get; set; }
}
