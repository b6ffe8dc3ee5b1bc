using Prometheus;

namespace Telephony.Calls.Metrics;

/// <summary>
/// The service's Prometheus counters. Labels are low-cardinality by construction (network, line, queue, outcome):
/// never a phone number or a call id, which would both leak personal data and explode the series count.
/// </summary>
public sealed class TelephonyMetrics
{
    private readonly Counter _offered;
    private readonly Counter _outcome;
    private readonly Counter _queueEntered;
    private readonly Counter _rejected;
    private readonly Counter _callbacks;
    private readonly Counter _mediaErrors;

    public TelephonyMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _offered = factory.CreateCounter(
            "telephony_calls_offered_total",
            "Calls presented to a line (answered by the IVR).",
            ["network", "line"]);
        _outcome = factory.CreateCounter(
            "telephony_calls_outcome_total",
            "Calls by final outcome, each call counted once.",
            ["network", "line", "outcome"]);
        _queueEntered = factory.CreateCounter(
            "telephony_queue_entered_total",
            "Calls that joined a queue.",
            ["network", "queue"]);
        _rejected = factory.CreateCounter(
            "telephony_calls_rejected_total",
            "INVITEs refused before reaching a line, by SIP status code (unknown number, no common codec...).",
            ["status"]);
        _callbacks = factory.CreateCounter(
            "telephony_callbacks_total",
            "Callbacks by result: requested (stored for dialling), refused (a number the service may not dial: never stored), completed, failed.",
            ["network", "line", "result"]);
        _mediaErrors = factory.CreateCounter(
            "telephony_media_errors_total",
            "Exceptions the media layer contained on its shared threads (each call goes on), by component: scheduler, receive, bridge, callback.",
            ["component"]);
    }

    /// <summary>Creates the series of a line at zero so dashboards show 0, not "no data", before the first call.</summary>
    public void DeclareLine(string network, string line)
    {
        _offered.WithLabels(network, line);
        foreach (var outcome in Enum.GetValues<CallOutcome>())
        {
            _outcome.WithLabels(network, line, outcome.ToLabel());
        }

        foreach (var result in new[] { "requested", "refused", "completed", "failed" })
        {
            _callbacks.WithLabels(network, line, result);
        }
    }

    public void CallbackCounted(string network, string line, string result) => _callbacks.WithLabels(network, line, result).Inc();

    public void DeclareQueue(string network, string queue) => _queueEntered.WithLabels(network, queue);

    public void CallOffered(string network, string line) => _offered.WithLabels(network, line).Inc();

    public void CallEnded(string network, string line, CallOutcome outcome) =>
        _outcome.WithLabels(network, line, outcome.ToLabel()).Inc();

    public void QueueEntered(string network, string queue) => _queueEntered.WithLabels(network, queue).Inc();

    public void CallRejected(int sipStatus) =>
        _rejected.WithLabels(sipStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    /// <summary>The media error counter of one component, created at zero; callers keep it, so counting does not allocate.</summary>
    public ICounter MediaErrors(string component) => _mediaErrors.WithLabels(component);
}
