using Telephony.Ivr;
using Telephony.Storage;

namespace Telephony.Calls.Appointments;

public enum AppointmentBookingStatus
{
    Booked,

    /// <summary>The number already has an active appointment on the line: <see cref="AppointmentBookingResult.Appointment"/> is that one.</summary>
    AlreadyBooked,

    /// <summary>Every place of the slot is taken (maybe just now, by another citizen or node).</summary>
    SlotFull,

    /// <summary>No slot of the reason's queue starts then (now or ever): not on the schedule, too soon, too far ahead.</summary>
    NotOffered,

    /// <summary>Not a French mobile or landline number the service may call back (premium, short, foreign...).</summary>
    InvalidNumber,
}

/// <param name="Appointment">Set for Booked and AlreadyBooked.</param>
/// <param name="Slot">The slot asked for, when it is one of the schedule (Booked, SlotFull).</param>
public sealed record AppointmentBookingResult(AppointmentBookingStatus Status, Appointment? Appointment = null, AppointmentSlot? Slot = null);
