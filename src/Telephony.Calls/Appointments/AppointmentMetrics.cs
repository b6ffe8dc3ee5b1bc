using Prometheus;

namespace Telephony.Calls.Appointments;

/// <summary><c>telephony_appointments_total{network,line,result}</c>: never a number or a code as a label.</summary>
public sealed class AppointmentMetrics
{
    private static readonly string[] Results = ["booked", "already_booked", "slot_full", "cancelled"];

    private readonly Counter _appointments;

    public AppointmentMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _appointments = factory.CreateCounter(
            "telephony_appointments_total",
            "Phone appointment requests by result: booked, already_booked (the number had one: it was confirmed), slot_full, cancelled.",
            ["network", "line", "result"]);
    }

    public void Count(string network, string line, string result) => _appointments.WithLabels(network, line, result).Inc();

    /// <summary>
    /// Creates the line's series at zero when the line is loaded: a series born at 1 shows nothing in an increase(),
    /// so the first booking of a line would be missing from the dashboards.
    /// </summary>
    public void DeclareLine(string network, string line)
    {
        foreach (var result in Results)
        {
            _appointments.WithLabels(network, line, result);
        }
    }
}
