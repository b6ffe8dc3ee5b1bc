using NodaTime;

namespace Telephony.Ivr;

/// <summary>
/// Look up the caller ID's upcoming appointment on this line (the <c>existing-appointment</c> node), then report
/// <see cref="AppointmentFound"/>.
/// </summary>
public sealed record FindAppointment : IvrAction;

/// <summary>Cancel the caller ID's upcoming appointment on this line, then report <see cref="AppointmentCancelled"/>.</summary>
public sealed record CancelAppointment : IvrAction;

/// <summary>
/// Read the next open slots (at most <paramref name="Max"/>) of the reason's queue, from the line's opening hours,
/// holidays and the places left, then report <see cref="SlotsListed"/>.
/// </summary>
public sealed record ListSlots(string ReasonId, int Max) : IvrAction;

/// <summary>
/// Book the slot starting at <paramref name="SlotStart"/> for the confirmed <paramref name="Number"/> (E.164), as the
/// booking API does (within the slot's capacity), then report <see cref="AppointmentBookingAnswered"/>.
/// </summary>
public sealed record BookAppointment(string ReasonId, Instant SlotStart, string Number) : IvrAction
{
    /// <summary>The numbers the node accepts: the host checks the number against the same rules.</summary>
    public NumberRules NumberRules { get; init; } = NumberRules.Strict;

    /// <summary>Never prints the number.</summary>
    public override string ToString() => $"BookAppointment {{ ReasonId = {ReasonId}, SlotStart = {SlotStart} }}";
}

/// <summary>An appointment's slot in the line's wall-clock time, as the caller is told it.</summary>
public sealed record AppointmentTime(LocalDateTime Start, LocalDateTime End);

/// <summary>The host's answer to <see cref="FindAppointment"/>: null when the caller ID has no upcoming appointment on the line.</summary>
public sealed record AppointmentFound(AppointmentTime? Appointment) : IvrEvent;

/// <summary>The host's answer to <see cref="CancelAppointment"/>: false when there was none left to cancel.</summary>
public sealed record AppointmentCancelled(bool Cancelled) : IvrEvent;

/// <summary>The host's answer to <see cref="ListSlots"/>: the open slots, soonest first (none: nothing is free).</summary>
public sealed record SlotsListed(IReadOnlyList<AppointmentSlot> Slots) : IvrEvent;

public enum AppointmentBookingAnswer
{
    Booked,

    /// <summary>The number already has an appointment on the line: <see cref="AppointmentBookingAnswered.Slot"/> is its slot.</summary>
    AlreadyBooked,

    /// <summary>The last place of the slot was just taken.</summary>
    SlotFull,

    /// <summary>The booking could not be made (the slot is no longer offered, a database problem...).</summary>
    Failed,
}

/// <summary>The host's answer to <see cref="BookAppointment"/>, with the cancellation code of a new booking.</summary>
public sealed record AppointmentBookingAnswered(AppointmentBookingAnswer Result, string? Code = null, AppointmentTime? Slot = null) : IvrEvent
{
    /// <summary>Never prints the code: with the number, it cancels the appointment.</summary>
    public override string ToString() => $"AppointmentBookingAnswered {{ Result = {Result} }}";
}
