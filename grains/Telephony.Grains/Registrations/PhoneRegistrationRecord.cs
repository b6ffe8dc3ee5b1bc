using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Registrations;

/// <summary>What a phone registration grain keeps across restarts: the bindings of every node and what the agent was told.</summary>
[GenerateSerializer]
public sealed class PhoneRegistrationRecord
{
    /// <summary>The agent whose phone this is (its grain is told when the phone is registered or not).</summary>
    [Id(0)]
    public string? AgentId { get; set; }

    [Id(1)]
    public List<PhoneBinding> Bindings { get; set; } = [];

    /// <summary>The last answer the agent's grain acknowledged.</summary>
    [Id(2)]
    public bool Registered { get; set; }
}
