

namespace Telephony.Calls;

/// <summary>What a call flow reports when its part of the call is over: enough for the record and the outcome counter.</summary>
/// <param name="TransferTo">Set when the IVR transferred the call to another line (its normalised number).</param>
public sealed record CallResult(
    CallOutcome Outcome,
    IReadOnlyList<string> Path,
    string? QueueId,
    DateTimeOffset? QueuedAt,
    string EndReason,
    string? TransferTo = null);
