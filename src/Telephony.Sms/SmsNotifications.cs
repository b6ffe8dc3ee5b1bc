using NodaTime;
using Telephony.Ivr;
using Telephony.Storage;

namespace Telephony.Sms;

/// <summary>
/// Turns bookings and failed callbacks into outbox rows: the number checked and kept only if it is a French mobile,
/// the French text written and measured, the reminder's time computed. Never sends: the outbox worker does.
/// </summary>
public sealed class SmsNotifications(
    SmsOutboxRepository outbox,
    SmsSettings settings,
    SmsMetrics metrics,
    TimeProvider time,
    ILogger<SmsNotifications> logger,
    SmsOutboxWorker? worker = null) : ISmsNotifications
{
    public async Task<AppointmentSmsOutcome> AppointmentBookedAsync(AppointmentSms appointment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        Require(appointment.AppointmentId, nameof(appointment.AppointmentId));
        Require(appointment.Network, nameof(appointment.Network));
        Require(appointment.CancellationCode, nameof(appointment.CancellationCode));
        if (Recipient(appointment.PhoneNumber, appointment.AppointmentId) is not { } to)
        {
            var outcome = settings.Enabled ? SmsOutcome.NotAMobile : SmsOutcome.Disabled;
            return new AppointmentSmsOutcome(outcome, outcome);
        }

        var service = appointment.ServiceName ?? appointment.Network;
        var now = time.GetUtcNow();
        var confirmation = await EnqueueAsync(SmsKind.Confirmation, appointment.AppointmentId, appointment.Network, to,
            SmsTexts.Confirmation(service, appointment.SlotStart, appointment.SlotEnd, appointment.CancellationCode),
            due: now, expires: appointment.SlotStart, cancellationToken).ConfigureAwait(false);

        var reminderDue = ReminderDue(appointment.SlotStart);
        SmsOutcome reminder;
        if (reminderDue <= now)
        {
            logger.LogInformation("Appointment {Appointment}: booked after its reminder's time ({Due:u}), no reminder", appointment.AppointmentId, reminderDue);
            reminder = SmsOutcome.TooLate;
        }
        else
        {
            reminder = await EnqueueAsync(SmsKind.Reminder, appointment.AppointmentId, appointment.Network, to,
                SmsTexts.Reminder(service, appointment.SlotStart, appointment.SlotEnd, appointment.CancellationCode),
                due: reminderDue, expires: appointment.SlotStart, cancellationToken).ConfigureAwait(false);
        }

        return new AppointmentSmsOutcome(confirmation, reminder);
    }

    public async Task<bool> AppointmentCancelledAsync(string appointmentId, CancellationToken cancellationToken = default)
    {
        Require(appointmentId, nameof(appointmentId));
        if (!settings.Enabled)
        {
            return false;
        }

        var withdrawn = await outbox.CancelAsync(SmsKind.Reminder.Label(), appointmentId, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Appointment {Appointment} cancelled: {What}", appointmentId, withdrawn ? "its reminder is withdrawn" : "no reminder was pending");
        return withdrawn;
    }

    public async Task<SmsOutcome> CallbackFailedAsync(CallbackFailedSms callback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Require(callback.CallbackId, nameof(callback.CallbackId));
        Require(callback.Network, nameof(callback.Network));
        Require(callback.CallAgainNumber, nameof(callback.CallAgainNumber));
        if (Recipient(callback.PhoneNumber, callback.CallbackId) is not { } to)
        {
            return settings.Enabled ? SmsOutcome.NotAMobile : SmsOutcome.Disabled;
        }

        return await EnqueueAsync(SmsKind.CallbackFailed, callback.CallbackId, callback.Network, to,
            SmsTexts.CallbackFailed(callback.ServiceName ?? callback.Network, callback.CallAgainNumber),
            due: time.GetUtcNow(), expires: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The evening before the slot's day at <c>Sms:ReminderHour</c>, Europe/Paris (a DST gap moves it later).</summary>
    public DateTimeOffset ReminderDue(DateTimeOffset slotStart)
    {
        var day = FrenchDates.InParis(slotStart).Date.PlusDays(-1);
        return day.At(new LocalTime(settings.ReminderHour, 0)).InZoneLeniently(OpeningHours.Paris).ToDateTimeOffset();
    }

    private string? Recipient(string phoneNumber, string reference)
    {
        if (!settings.Enabled)
        {
            logger.LogDebug("{Reference}: no SMS, Sms:GatewayUrl is not set", reference);
            return null;
        }

        var to = SmsRecipients.ToMobileE164(phoneNumber);
        if (to is null)
        {
            logger.LogInformation("{Reference}: no SMS, {Number} is not a French mobile", reference, PhoneNumberMasking.Mask(phoneNumber));
        }

        return to;
    }

    private async Task<SmsOutcome> EnqueueAsync(
        SmsKind kind, string reference, string network, string to, string text, DateTimeOffset due, DateTimeOffset? expires, CancellationToken cancellationToken)
    {
        var shape = SmsShape.Of(text);
        if (shape.Segments > settings.MaxSegments)
        {
            metrics.Counted(network, kind.Label(), SmsMetrics.Failed);
            logger.LogError("{Reference}: {Kind} SMS not sent, its text takes {Segments} segments ({Coding}, {Units} units), more than Sms:MaxSegments ({Max})",
                reference, kind.Label(), shape.Segments, shape.Coding, shape.Units, settings.MaxSegments);
            return SmsOutcome.TooLong;
        }

        bool stored;
        try
        {
            stored = await outbox.EnqueueAsync(new OutboxSms
            {
                Id = Guid.NewGuid(),
                Kind = kind.Label(),
                Reference = reference,
                Network = network,
                PhoneNumber = to,
                Body = text,
                DueAt = due,
                ExpiresAt = expires,
                CreatedAt = time.GetUtcNow(),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OutOfMemoryException and not OperationCanceledException)
        {
            // The caller's booking or callback stands; only its SMS is lost, and said so.
            metrics.Counted(network, kind.Label(), SmsMetrics.Failed);
            logger.LogError("{Reference}: {Kind} SMS to {To} could not be stored, it will not be sent: {Error}",
                reference, kind.Label(), PhoneNumberMasking.Mask(to), error.Message);
            return SmsOutcome.NotStored;
        }

        if (!stored)
        {
            return SmsOutcome.AlreadyQueued;
        }

        logger.LogInformation("{Reference}: {Kind} SMS to {To} stored, due {Due:u} ({Coding}, {Segments} segment(s))",
            reference, kind.Label(), PhoneNumberMasking.Mask(to), due, shape.Coding, shape.Segments);
        if (due <= time.GetUtcNow())
        {
            worker?.Wake();
        }

        return SmsOutcome.Queued;
    }

    private static void Require(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is required.", name);
        }
    }
}
