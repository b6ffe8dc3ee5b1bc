namespace Telephony.Storage;

/// <summary>
/// A phone appointment: a citizen's number to be called back by an agent of <see cref="QueueId"/> during the slot.
/// Active while <see cref="State"/> is <see cref="AppointmentStates.Booked"/>: then it holds one place of its slot,
/// and its <see cref="Code"/> and its number on the line are unique among active appointments.
/// </summary>
public sealed record Appointment
{
    public Guid Id { get; init; }

    public required string Network { get; init; }

    /// <summary>The line's label (its main number, e.g. <c>3960</c>), as in call records.</summary>
    public required string Line { get; init; }

    public required string QueueId { get; init; }

    /// <summary>The reason's id in the line's script (<c>retraite</c>).</summary>
    public required string Reason { get; init; }

    /// <summary>E.164, validated as a French number the service may dial before it is stored (in clear: see the migration).</summary>
    public required string PhoneNumber { get; init; }

    public required DateTimeOffset SlotStart { get; init; }

    public required DateTimeOffset SlotEnd { get; init; }

    /// <summary>The cancellation code, upper case (<see cref="AppointmentCodes"/>); set by the repository when booking.</summary>
    public string Code { get; init; } = "";

    public string State { get; init; } = AppointmentStates.Booked;

    /// <summary>Where it was booked: <c>web</c> (the booking page), <c>api</c>, <c>ivr</c>.</summary>
    public required string Channel { get; init; }

    public DateTimeOffset BookedAt { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }
}

/// <summary>The states of an appointment; only <see cref="Booked"/> is active (holds a place, its code and its number).</summary>
public static class AppointmentStates
{
    public const string Booked = "booked";
    public const string Cancelled = "cancelled";

    /// <summary>For the callback scheduler: the citizen is being called (the place stays taken: the agent's time is spent).</summary>
    public const string Called = "called";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>What became of a booking.</summary>
public enum BookingStatus
{
    Booked,

    /// <summary>The number already has an active appointment on the line: that one is returned, nothing was booked.</summary>
    AlreadyBooked,

    /// <summary>Every place of the slot is taken.</summary>
    SlotFull,
}

/// <param name="Appointment">The new appointment (Booked), the existing one (AlreadyBooked), null (SlotFull).</param>
public sealed record BookingOutcome(BookingStatus Status, Appointment? Appointment);
