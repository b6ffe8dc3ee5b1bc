using Prometheus;

namespace Telephony.Calls.Metrics;

/// <summary>Callback execution figures (names fixed with the dashboards: see dashboards/README.md).</summary>
public sealed partial class TelephonyMetrics
{
    /// <summary>The results of <c>telephony_callbacks_total</c>.</summary>
    public static readonly IReadOnlyList<string> CallbackResults = ["requested", "refused", "completed", "failed", "cancelled"];

    /// <summary>The results of <c>telephony_callback_attempts_total</c>.</summary>
    public static readonly IReadOnlyList<string> CallbackAttemptResults = ["answered", "no_answer", "busy", "rejected", "error"];

    private readonly Counter _callbackAttempts;
    private readonly Histogram _callbackCompletion;
    private readonly Gauge _callbacksPending;

    public void CallbackAttempted(string network, string line, string result) => _callbackAttempts.WithLabels(network, line, result).Inc();

    public void CallbackCompleted(string network, string line, TimeSpan sinceRequest) =>
        _callbackCompletion.WithLabels(network, line).Observe(Math.Max(0, sinceRequest.TotalSeconds));

    /// <summary>Sets the pending gauge of every line given; lines left out are set to 0 when <paramref name="declared"/> names them.</summary>
    public void SetCallbacksPending(IReadOnlyDictionary<(string Network, string Line), long> pending, IEnumerable<(string Network, string Line)> declared)
    {
        foreach (var line in declared)
        {
            _callbacksPending.WithLabels(line.Network, line.Line).Set(pending.GetValueOrDefault(line));
        }

        foreach (var (line, count) in pending)
        {
            _callbacksPending.WithLabels(line.Network, line.Line).Set(count);
        }
    }

    private void DeclareLineCallbacks(string network, string line)
    {
        foreach (var result in CallbackResults)
        {
            _callbacks.WithLabels(network, line, result);
        }

        foreach (var result in CallbackAttemptResults)
        {
            _callbackAttempts.WithLabels(network, line, result);
        }

        _callbackCompletion.WithLabels(network, line);
        _callbacksPending.WithLabels(network, line);
    }
}
