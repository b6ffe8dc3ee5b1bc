using Telephony.Storage;

namespace Telephony.Calls.Appointments;

/// <summary>
/// Turns a booked appointment into the callback that calls the citizen at its slot, and withdraws it when the
/// appointment is cancelled. Called once the booking or the cancellation is committed; a failure is logged by the
/// caller and never undoes the appointment.
/// </summary>
public interface IAppointmentCallbacks
{
    Task BookedAsync(Appointment appointment, string reasonLabel, CancellationToken ct);

    Task CancelledAsync(Appointment appointment, CancellationToken ct);
}

/// <summary>Without the callback machinery (a host that only books): appointments are stored and nothing calls them.</summary>
public sealed class NoAppointmentCallbacks : IAppointmentCallbacks
{
    public Task BookedAsync(Appointment appointment, string reasonLabel, CancellationToken ct) => Task.CompletedTask;

    public Task CancelledAsync(Appointment appointment, CancellationToken ct) => Task.CompletedTask;
}
