namespace Telephony.Grains.Abstractions;

/// <summary>
/// An agent as the console, the supervisors and the metrics see it. <see cref="Version"/> grows with every change, so
/// a console that missed a push can tell. <see cref="Call"/> is set only in Reserved, Ringing, OnCall and WrapUp.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AgentState(
    [property: Id(0)] string AgentId,
    [property: Id(1)] AgentStatus Status,
    [property: Id(2)] string? PauseReason,
    [property: Id(3)] DateTimeOffset Since,
    [property: Id(4)] DateTimeOffset? Deadline,
    [property: Id(5)] bool PhoneRegistered,
    [property: Id(6)] IReadOnlyList<string> LoggedInQueues,
    [property: Id(7)] AgentCurrentCall? Call,
    [property: Id(8)] long Version,
    [property: Id(9)] string? LastLogoutReason);

/// <summary>The call an agent handles: its owner id, the queue it came from, and its context for the console.</summary>
[GenerateSerializer, Immutable]
public sealed record AgentCurrentCall(
    [property: Id(0)] string CallId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] AgentCallContext? Context);

/// <summary>
/// The answer to a command (Ready, Pause, EndWrapUp...): accepted with the new state, or refused with the reason and
/// the state unchanged (the API answers 409 with <see cref="Refusal"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AgentCommandResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] string? Refusal,
    [property: Id(2)] AgentState State)
{
    public static AgentCommandResult Done(AgentState state) => new(true, null, state);

    public static AgentCommandResult Refused(string reason, AgentState state) => new(false, reason, state);
}
