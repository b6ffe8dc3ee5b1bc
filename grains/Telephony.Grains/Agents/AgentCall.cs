using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Agents;

/// <summary>
/// The call an agent is Reserved, Ringing, OnCall or in WrapUp for: the queue it came from, the claim (the call and
/// the queue's policy) and when it was answered (for the handle time).
/// </summary>
internal sealed record AgentCall(string QueueId, QueueClaim Claim)
{
    public string CallId => Claim.Call.CallId;

    public QueuePolicy Policy => Claim.Policy;

    public DateTimeOffset? AnsweredAt { get; init; }

    public AgentCurrentCall ToView() => new(CallId, QueueId, Claim.Call.Context);
}
