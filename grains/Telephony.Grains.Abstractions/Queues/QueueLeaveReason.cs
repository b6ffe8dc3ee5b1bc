namespace Telephony.Grains.Abstractions;

/// <summary>Why a call left a queue. Callbacks are removals, not abandons (see ARCHITECTURE.md).</summary>
public enum QueueLeaveReason
{
    CallerHungUp,
    AnsweredByAgent,
    CallbackRequested,
    MaxWaitReached,
    SystemError,
}
