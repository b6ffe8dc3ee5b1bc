using NodaTime;
using Telephony.Calls.Callbacks;
using Telephony.Ivr;
using Telephony.Storage;

namespace Telephony.Calls.Appointments;

/// <summary>
/// Phone appointments for every channel (booking page, public API, and the IVR when it offers slots): the lines and
/// reasons of the scripts in force, their open slots, booking within each slot's capacity, and cancelling with the
/// code and the number. The schedule is the scripts' (<see cref="AppointmentSchedule"/>); places are counted in the
/// database (<see cref="AppointmentRepository"/>), so every node gives the same answer.
/// </summary>
public sealed class AppointmentBooking(
    ILineScripts scripts,
    AppointmentRepository repository,
    IAppointmentNotifications notifications,
    IAppointmentCallbacks callbacks,
    AppointmentMetrics metrics,
    TimeProvider time,
    ILogger<AppointmentBooking> logger)
{
    /// <summary>The lines that take appointments, in the order of their script files.</summary>
    public IReadOnlyList<IvrScript> Lines => scripts.Current.Scripts.Where(TakesAppointments).ToList();

    /// <summary>The line reached by <paramref name="number"/> (any form: "3960", "08 09 40 14 01") if it takes appointments.</summary>
    public IvrScript? FindLine(string? number) =>
        scripts.Current.FindByDialedNumber(number ?? "") is { } script && TakesAppointments(script) ? script : null;

    /// <summary>The reason's slots with a place left, from now plus the queue's notice, in time order.</summary>
    public async Task<IReadOnlyList<AppointmentSlot>> OpenSlotsAsync(IvrScript line, AppointmentReason reason, CancellationToken ct)
    {
        var settings = SettingsOf(line, reason);
        var schedule = AppointmentSchedule.Slots(line.OpeningHours!, settings, Now);
        if (schedule.Count == 0)
        {
            return [];
        }

        var booked = await repository.BookedCountsAsync(
            reason.QueueId, schedule[0].Start.ToDateTimeOffset(), schedule[^1].End.ToDateTimeOffset(), ct).ConfigureAwait(false);
        return AppointmentSchedule.Open(schedule, settings, start => booked.GetValueOrDefault(start.ToDateTimeOffset()));
    }

    /// <param name="number">As the citizen gave it; checked here (French mobile or landline only).</param>
    /// <param name="channel"><c>web</c>, <c>api</c> or <c>ivr</c>: stored with the appointment.</param>
    /// <param name="rules">The numbers accepted beyond French fixed and mobile ones (an IVR node's <c>accept-numbers</c>); null: none.</param>
    public async Task<AppointmentBookingResult> BookAsync(
        IvrScript line, AppointmentReason reason, string? number, Instant slotStart, string channel, CancellationToken ct, NumberRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(reason);
        if (NationalNumbers.ToDialableE164(number, rules ?? NumberRules.Strict) is not { } dialable)
        {
            return new(AppointmentBookingStatus.InvalidNumber);
        }

        var settings = SettingsOf(line, reason);
        if (AppointmentSchedule.Slots(line.OpeningHours!, settings, Now).FirstOrDefault(s => s.Start == slotStart) is not { } slot)
        {
            return new(AppointmentBookingStatus.NotOffered);
        }

        var outcome = await repository.BookAsync(new Appointment
        {
            Network = line.Network,
            Line = line.LineLabel,
            QueueId = reason.QueueId,
            Reason = reason.Id,
            PhoneNumber = dialable,
            SlotStart = slot.Start.ToDateTimeOffset(),
            SlotEnd = slot.End.ToDateTimeOffset(),
            Channel = channel,
            BookedAt = time.GetUtcNow(),
        }, settings.PerSlot, ct).ConfigureAwait(false);
        switch (outcome.Status)
        {
            case BookingStatus.Booked:
                metrics.Count(line.Network, line.LineLabel, "booked");
                logger.LogInformation("Appointment booked on line {Line} ({Queue}) at {Slot:O} for {Number} via {Channel}",
                    line.LineLabel, reason.QueueId, slot.Start.ToDateTimeOffset(), PhoneNumberMasking.Mask(dialable), channel);
                await CallBackAsync(outcome.Appointment!, c => c.BookedAsync(outcome.Appointment!, reason.Label, CancellationToken.None)).ConfigureAwait(false);
                await TellAsync(outcome.Appointment!, (n, notice) => n.BookedAsync(notice, CancellationToken.None)).ConfigureAwait(false);
                return new(AppointmentBookingStatus.Booked, outcome.Appointment, slot);
            case BookingStatus.AlreadyBooked:
                metrics.Count(line.Network, line.LineLabel, "already_booked");
                return new(AppointmentBookingStatus.AlreadyBooked, outcome.Appointment);
            default:
                metrics.Count(line.Network, line.LineLabel, "slot_full");
                return new(AppointmentBookingStatus.SlotFull, null, slot);
        }
    }

    /// <summary>
    /// Cancels the active appointment with this code and number; null when there is none, whatever the reason (no such
    /// code, another number's code, already cancelled), so that an answer never tells whether a code exists.
    /// </summary>
    public async Task<Appointment?> CancelAsync(string? code, string? number, CancellationToken ct)
    {
        if (AppointmentCodes.Normalize(code) is not { } normalised || NationalNumbers.ToDialableE164(number) is not { } dialable)
        {
            return null;
        }

        var cancelled = await repository.CancelAsync(normalised, dialable, time.GetUtcNow(), ct).ConfigureAwait(false);
        await AfterCancelAsync(cancelled, dialable).ConfigureAwait(false);
        return cancelled;
    }

    /// <summary>The caller's active appointment on the line (the IVR offers to keep or cancel it); null without one or for a number that cannot be one.</summary>
    public async Task<Appointment?> FindActiveAsync(IvrScript line, string? number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(line);
        return NationalNumbers.ToDialableE164(number) is { } dialable
            ? await repository.FindActiveAsync(line.LineLabel, dialable, ct).ConfigureAwait(false)
            : null;
    }

    /// <summary>Cancels the caller's active appointment on the line, the caller's number being the proof (the IVR's caller ID).</summary>
    public async Task<Appointment?> CancelActiveAsync(IvrScript line, string? number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (NationalNumbers.ToDialableE164(number) is not { } dialable)
        {
            return null;
        }

        var cancelled = await repository.CancelActiveAsync(line.LineLabel, dialable, time.GetUtcNow(), ct).ConfigureAwait(false);
        await AfterCancelAsync(cancelled, dialable).ConfigureAwait(false);
        return cancelled;
    }

    /// <summary>The appointment with the words to tell it: the line's name, the reason, the slot in the line's time zone.</summary>
    public AppointmentNotice NoticeOf(Appointment appointment)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var line = scripts.Current.FindByDialedNumber(appointment.Line);
        var zone = line?.OpeningHours?.Zone ?? OpeningHours.Paris;
        var start = Instant.FromDateTimeOffset(appointment.SlotStart).InZone(zone).LocalDateTime;
        var end = Instant.FromDateTimeOffset(appointment.SlotEnd).InZone(zone).LocalDateTime;
        return new AppointmentNotice(
            appointment,
            line?.Appointments?.ServiceName ?? appointment.Network,
            line?.Appointments?.FindReason(appointment.Reason)?.Label ?? appointment.Reason,
            WrittenSlots.Slot(start, end));
    }

    private Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    private static bool TakesAppointments(IvrScript script) => script is { Appointments: not null, OpeningHours: not null };

    private static QueueAppointments SettingsOf(IvrScript line, AppointmentReason reason) =>
        line.Queues.Get(reason.QueueId).Appointments
        ?? throw new InvalidOperationException($"Queue '{reason.QueueId}' takes no appointments (the loader should have refused the script).");

    private async Task AfterCancelAsync(Appointment? cancelled, string dialable)
    {
        if (cancelled is not null)
        {
            metrics.Count(cancelled.Network, cancelled.Line, "cancelled");
            logger.LogInformation("Appointment on line {Line} at {Slot:O} cancelled by {Number}", cancelled.Line, cancelled.SlotStart, PhoneNumberMasking.Mask(dialable));
            await CallBackAsync(cancelled, c => c.CancelledAsync(cancelled, CancellationToken.None)).ConfigureAwait(false);
            await TellAsync(cancelled, (n, notice) => n.CancelledAsync(notice, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    private async Task CallBackAsync(Appointment appointment, Func<IAppointmentCallbacks, Task> change)
    {
        try
        {
            await change(callbacks).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The appointment is committed and stands; its callback row is what calls the citizen, so this is an error to look at.
            logger.LogError(ex, "Appointment callback not updated for line {Line} at {Slot:O}", appointment.Line, appointment.SlotStart);
        }
    }

    private async Task TellAsync(Appointment appointment, Func<IAppointmentNotifications, AppointmentNotice, Task> tell)
    {
        try
        {
            await tell(notifications, NoticeOf(appointment)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The appointment is committed: a notifier's failure must not turn it into an error for the citizen.
            logger.LogError(ex, "Appointment notification failed for line {Line} at {Slot:O}", appointment.Line, appointment.SlotStart);
        }
    }
}
