namespace Telephony.Sip;

public enum CallTerminationReason
{
    RemoteBye,
    LocalHangUp,
    Cancelled,
    Rejected,
    AckTimeout,
    TransportError,
}

public sealed record CallTermination(CallTerminationReason Reason, DateTimeOffset At);
