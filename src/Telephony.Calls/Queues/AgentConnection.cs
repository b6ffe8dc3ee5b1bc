using Telephony.Calls.Conversations;

namespace Telephony.Calls.Queues;

/// <summary>A waiting call an agent answered: the agent's leg, when, and how many phones rang before.</summary>
public sealed record AgentConnection(IAgentLeg Agent, DateTimeOffset AnsweredAt, int RingAttempts);
