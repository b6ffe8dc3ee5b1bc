using Prometheus;
using Telephony.Calls.Admission;

namespace Telephony.Calls.Metrics;

/// <summary>Admission control: INVITEs refused before anything was allocated, and set-ups given up for want of an ACK.</summary>
public sealed partial class TelephonyMetrics
{
    private Counter? _setupsRefused;
    private Counter? _setupsUnconfirmed;
    private readonly Dictionary<AdmissionRefusal, Counter.Child> _refusedByReason = [];

    private void CreateAdmissionMetrics(IMetricFactory factory)
    {
        _setupsRefused = factory.CreateCounter(
            "telephony_call_setups_refused_total",
            "New INVITEs refused with 503 and Retry-After before any port or record was taken, by the mark that refused them: draining (shutting down), calls, setups_in_flight, rtp_ports, descriptors, memory. Not counted on any line: Kamailio tries the next node.",
            ["reason"]);
        foreach (var refusal in AdmissionRefusals.All)
        {
            _refusedByReason[refusal] = _setupsRefused.WithLabels(refusal.Label());
        }

        _setupsUnconfirmed = factory.CreateCounter(
            "telephony_call_setups_unconfirmed_total",
            "Calls answered with 200 OK whose ACK never came within Admission:AckTimeoutSeconds: hung up and their RTP ports released.");
    }

    /// <summary>A new INVITE refused by admission control (a dictionary read and an add: this runs at flood rates).</summary>
    public void SetupRefused(AdmissionRefusal refusal)
    {
        _refusedByReason[refusal].Inc();
        _rejected.WithLabels("503").Inc();
    }

    public void SetupUnconfirmed() => _setupsUnconfirmed!.Inc();
}
