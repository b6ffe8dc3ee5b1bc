using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Agents;

/// <summary>
/// What of an agent survives a restart of its grain: the profile, the queues logged in to, the pause reason, the
/// phone's registration and the last logout's reason. Not the current call: after a restart the call is gone from
/// the grain's point of view and the agent is Ready, Paused or LoggedOut.
/// </summary>
[GenerateSerializer]
public sealed class AgentRecord
{
    [Id(0)]
    public AgentProfile? Profile { get; set; }

    [Id(1)]
    public List<string> LoggedInQueues { get; set; } = [];

    [Id(2)]
    public string? PauseReason { get; set; }

    [Id(3)]
    public bool PhoneRegistered { get; set; }

    [Id(4)]
    public string? LastLogoutReason { get; set; }
}
