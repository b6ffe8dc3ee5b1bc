using Telephony.Server.Metrics;

namespace Telephony.Server.Calls;

/// <summary>What a call flow reports when the call is over: enough for the call record and the outcome counter.</summary>
public sealed record CallResult(
    CallOutcome Outcome,
    IReadOnlyList<string> Path,
    string? QueueId,
    DateTimeOffset? QueuedAt,
    string EndReason);
