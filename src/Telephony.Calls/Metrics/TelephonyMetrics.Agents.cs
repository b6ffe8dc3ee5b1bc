using System.Globalization;
using Prometheus;

namespace Telephony.Calls.Metrics;

/// <summary>The contact centre's figures: service level, waits, talk times, satisfaction.</summary>
public sealed partial class TelephonyMetrics
{
    /// <summary>The service-level thresholds (seconds) of <c>telephony_calls_answered_within_total</c>.</summary>
    public static readonly IReadOnlyList<int> ServiceLevelThresholds = [20, 60, 120];

    private readonly Counter _answeredWithin;
    private readonly Counter _surveyAnswers;
    private readonly Histogram _queueWait;
    private readonly Histogram _handle;

    /// <summary>An agent answered a call that waited <paramref name="waited"/> in the queue.</summary>
    public void AnsweredByAgent(string network, string line, string queue, TimeSpan waited)
    {
        foreach (var threshold in ServiceLevelThresholds)
        {
            if (waited <= TimeSpan.FromSeconds(threshold))
            {
                _answeredWithin.WithLabels(network, line, threshold.ToString(CultureInfo.InvariantCulture)).Inc();
            }
        }

        _queueWait.WithLabels(network, queue, "answered").Observe(waited.TotalSeconds);
    }

    public void AbandonedInQueue(string network, string queue, TimeSpan waited) =>
        _queueWait.WithLabels(network, queue, "abandoned").Observe(waited.TotalSeconds);

    public void AgentCallEnded(string network, string queue, TimeSpan talk) =>
        _handle.WithLabels(network, queue).Observe(talk.TotalSeconds);

    /// <summary>The survey's answer: a score 1-5, or null for silence or a hang-up.</summary>
    public void SurveyAnswered(string network, string line, int? score) =>
        _surveyAnswers.WithLabels(network, line, ScoreLabel(score)).Inc();

    private void DeclareLineServiceLevel(string network, string line)
    {
        foreach (var threshold in ServiceLevelThresholds)
        {
            _answeredWithin.WithLabels(network, line, threshold.ToString(CultureInfo.InvariantCulture));
        }

        // The score series too (dashboards/README.md): a delta rule cannot see the first answer of a series born at 1.
        foreach (var score in new int?[] { 1, 2, 3, 4, 5, null })
        {
            _surveyAnswers.WithLabels(network, line, ScoreLabel(score));
        }
    }

    private static string ScoreLabel(int? score) => score is { } s ? s.ToString(CultureInfo.InvariantCulture) : "none";
}
