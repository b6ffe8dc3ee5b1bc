using Prometheus;

namespace Telephony.Calls.Appointments;

/// <summary><c>telephony_appointments_total{network,line,result}</c>: never a number or a code as a label.</summary>
public sealed class AppointmentMetrics
{
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
}
