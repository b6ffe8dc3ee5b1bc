using Telephony.Grains.Abstractions;
using Telephony.Storage;

namespace Telephony.Calls.Agents;

/// <summary>A stored agent as its grain and the call layer see it: no credential.</summary>
public static class AgentProfiles
{
    public static AgentProfile ToProfile(this StoredAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new AgentProfile(agent.Id, agent.DisplayName, agent.SipUsername, agent.Skills.Select(s => new AgentSkill(s.QueueId, s.Level)).ToList(), agent.Enabled);
    }
}
