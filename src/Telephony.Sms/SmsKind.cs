namespace Telephony.Sms;

/// <summary>Why an SMS is sent. Its label is the <c>kind</c> of <c>telephony_sms_total</c> and is stored in the outbox.</summary>
public enum SmsKind
{
    /// <summary>Sent when an appointment is booked.</summary>
    Confirmation,

    /// <summary>Sent the day before an appointment, at <c>Sms:ReminderHour</c>.</summary>
    Reminder,

    /// <summary>Sent when a callback failed after its last attempt: how to call the line again.</summary>
    CallbackFailed,
}

public static class SmsKinds
{
    public static string Label(this SmsKind kind) => kind switch
    {
        SmsKind.Confirmation => "confirmation",
        SmsKind.Reminder => "reminder",
        SmsKind.CallbackFailed => "callback_failed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
