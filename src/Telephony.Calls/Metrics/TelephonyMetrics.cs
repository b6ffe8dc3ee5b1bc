using Prometheus;

namespace Telephony.Calls.Metrics;

/// <summary>
/// The service's Prometheus counters. Labels are low-cardinality by construction (network, line, queue, outcome):
/// never a phone number or a call id, which would both leak personal data and explode the series count.
/// </summary>
public sealed partial class TelephonyMetrics
{
    private readonly Counter _offered;
    private readonly Counter _outcome;
    private readonly Counter _queueEntered;
    private readonly Counter _rejected;
    private readonly Counter _callbacks;
    private readonly Counter _mediaErrors;
    private readonly Gauge _activeCalls;

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
            "Callbacks by result: requested (stored for dialling), refused (a number the service may not dial: never stored), completed (the citizen was bridged to an agent), failed (the last attempt failed), cancelled (withdrawn).",
            ["network", "line", "result"]);
        _mediaErrors = factory.CreateCounter(
            "telephony_media_errors_total",
            "Exceptions the media layer contained on its shared threads (each call goes on), by component: scheduler, receive, bridge, callback.",
            ["component"]);
        _activeCalls = factory.CreateGauge(
            "telephony_active_calls",
            "Calls in progress on this node: every INVITE received and not yet ended, from the IVR to the agent's hang-up.");
        _answeredWithin = factory.CreateCounter(
            "telephony_calls_answered_within_total",
            "Calls answered by an agent within the threshold (seconds after joining the queue): 20, 60, 120; cumulative.",
            ["network", "line", "threshold"]);
        _surveyAnswers = factory.CreateCounter(
            "telephony_survey_answers_total",
            "Satisfaction survey answers after an agent call, by score 1-5, or none (silence, hang-up).",
            ["network", "line", "score"]);
        _queueWait = factory.CreateHistogram(
            "telephony_queue_wait_seconds",
            "Time from joining a queue to an agent's answer (result=answered) or to the caller hanging up (result=abandoned).",
            ["network", "queue", "result"],
            new HistogramConfiguration { Buckets = [5, 10, 20, 30, 60, 120, 300, 600, 1200] });
        _callbackAttempts = factory.CreateCounter(
            "telephony_callback_attempts_total",
            "Calls placed to citizens through the trunk, by result: answered, no_answer (incl. ringing past the voicemail limit), busy, rejected, error.",
            ["network", "line", "result"]);
        _callbackCompletion = factory.CreateHistogram(
            "telephony_callback_completion_seconds",
            "Time from a callback's request (an appointment's slot start) to the citizen bridged to an agent.",
            ["network", "line"],
            new HistogramConfiguration { Buckets = [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800] });
        _callbacksPending = factory.CreateGauge(
            "telephony_callbacks_pending",
            "Callbacks stored and not yet completed, failed or cancelled, as this node sees those it holds (sum by network, line).",
            ["network", "line"]);
        _handle = factory.CreateHistogram(
            "telephony_agent_handle_seconds",
            "Talk time of agent calls, from the agent's answer to the end of the conversation (wrap-up excluded).",
            ["network", "queue"],
            new HistogramConfiguration { Buckets = [30, 60, 120, 180, 300, 600, 900, 1800] });
        CreateAdmissionMetrics(factory);
    }

    /// <summary>Creates the series of a line at zero so dashboards show 0, not "no data", before the first call.</summary>
    public void DeclareLine(string network, string line)
    {
        _offered.WithLabels(network, line);
        foreach (var outcome in Enum.GetValues<CallOutcome>())
        {
            _outcome.WithLabels(network, line, outcome.ToLabel());
        }

        DeclareLineCallbacks(network, line);

        DeclareLineServiceLevel(network, line);
    }

    /// <summary>A call arrived on this node; pair with <see cref="CallFinished"/>.</summary>
    public void CallStarted() => _activeCalls.Inc();

    public void CallFinished() => _activeCalls.Dec();

    public void CallbackCounted(string network, string line, string result) => _callbacks.WithLabels(network, line, result).Inc();

    public void DeclareQueue(string network, string queue)
    {
        _queueEntered.WithLabels(network, queue);
        DeclareQueueHistograms(network, queue);
    }

    public void CallOffered(string network, string line) => _offered.WithLabels(network, line).Inc();

    public void CallEnded(string network, string line, CallOutcome outcome) =>
        _outcome.WithLabels(network, line, outcome.ToLabel()).Inc();

    public void QueueEntered(string network, string queue) => _queueEntered.WithLabels(network, queue).Inc();

    public void CallRejected(int sipStatus) =>
        _rejected.WithLabels(sipStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    /// <summary>The media error counter of one component, created at zero; callers keep it, so counting does not allocate.</summary>
    public ICounter MediaErrors(string component) => _mediaErrors.WithLabels(component);
}
