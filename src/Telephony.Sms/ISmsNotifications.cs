namespace Telephony.Sms;

/// <summary>
/// What the booking and callback code call to have citizens told by SMS. Each call stores the SMS in the outbox and
/// returns: sending happens in the background, retried on failure, so a slow or absent gateway never delays a booking.
/// Calling again with the same appointment or callback id stores nothing more (a retried request sends one SMS).
/// </summary>
public interface ISmsNotifications
{
    /// <summary>The confirmation now, and the reminder the day before the slot at <c>Sms:ReminderHour</c> (Europe/Paris).</summary>
    Task<AppointmentSmsOutcome> AppointmentBookedAsync(AppointmentSms appointment, CancellationToken cancellationToken = default);

    /// <summary>Withdraws the appointment's reminder if it has not left yet. True when one was withdrawn.</summary>
    Task<bool> AppointmentCancelledAsync(string appointmentId, CancellationToken cancellationToken = default);

    /// <summary>"We could not reach you, call again on ...": after a callback's last attempt failed.</summary>
    Task<SmsOutcome> CallbackFailedAsync(CallbackFailedSms callback, CancellationToken cancellationToken = default);
}

/// <summary>A booked phone appointment, as its SMS need it.</summary>
public sealed record AppointmentSms
{
    /// <summary>The booking's id: with the kind, what makes a second call for the same booking store nothing.</summary>
    public required string AppointmentId { get; init; }

    /// <summary>The line's network (CNAV, CAF...): the metrics' label, and the name in the text unless <see cref="ServiceName"/>.</summary>
    public required string Network { get; init; }

    /// <summary>The number the citizen gave; only a French mobile gets an SMS.</summary>
    public required string PhoneNumber { get; init; }

    public required DateTimeOffset SlotStart { get; init; }

    /// <summary>The slot's end ("entre 14 h et 14 h 30"); null: the text gives the start only ("à 14 h").</summary>
    public DateTimeOffset? SlotEnd { get; init; }

    public required string CancellationCode { get; init; }

    /// <summary>How the text names the service ("CNAV"); null: <see cref="Network"/>.</summary>
    public string? ServiceName { get; init; }

    public override string ToString() => $"AppointmentSms {{ AppointmentId = {AppointmentId}, Network = {Network}, SlotStart = {SlotStart:u} }}";
}

/// <summary>A callback given up after its last attempt.</summary>
public sealed record CallbackFailedSms
{
    public required string CallbackId { get; init; }

    public required string Network { get; init; }

    public required string PhoneNumber { get; init; }

    /// <summary>The number the citizen should call, as written in the text ("3960").</summary>
    public required string CallAgainNumber { get; init; }

    public string? ServiceName { get; init; }

    public override string ToString() => $"CallbackFailedSms {{ CallbackId = {CallbackId}, Network = {Network} }}";
}

/// <summary>What became of an SMS asked for.</summary>
public enum SmsOutcome
{
    /// <summary>Stored; it leaves now, or at its time for a reminder.</summary>
    Queued,

    /// <summary>Stored by an earlier call for the same appointment or callback: nothing more is sent.</summary>
    AlreadyQueued,

    /// <summary>The number is not a French mobile: no SMS.</summary>
    NotAMobile,

    /// <summary>The reminder's hour had passed when the appointment was booked: the confirmation stands in for it.</summary>
    TooLate,

    /// <summary>The text would take more than <c>Sms:MaxSegments</c> segments (a very long service name): not sent, counted failed.</summary>
    TooLong,

    /// <summary>The outbox could not be written (database down): not sent, counted failed, logged.</summary>
    NotStored,

    /// <summary><c>Sms:GatewayUrl</c> is not set: the service sends no SMS.</summary>
    Disabled,
}

public sealed record AppointmentSmsOutcome(SmsOutcome Confirmation, SmsOutcome Reminder);
