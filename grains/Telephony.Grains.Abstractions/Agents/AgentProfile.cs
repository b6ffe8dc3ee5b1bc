namespace Telephony.Grains.Abstractions;

/// <summary>A queue an agent serves, with their level for it: 1 (first choice) to 5.</summary>
[GenerateSerializer, Immutable]
public sealed record AgentSkill([property: Id(0)] string QueueId, [property: Id(1)] int Level)
{
    public const int BestLevel = 1;
    public const int WorstLevel = 5;
}

/// <summary>
/// An agent's configuration as the administration stores it (the database is the source; the grain keeps a copy).
/// Never holds a credential. <see cref="DisplayName"/> is personal data: it never appears in a metric or a call record.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AgentProfile(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string SipUsername,
    [property: Id(3)] IReadOnlyList<AgentSkill> Skills,
    [property: Id(4)] bool Enabled);
