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

    /// <summary>
    /// The survey scores of <see cref="SurveyAnswered"/>: created at zero with the line, so that the first answer of a
    /// line is an increase Prometheus sees (a series born at 1 counts nothing in a delta or a rate).
    /// </summary>
    private static readonly string[] SurveyScoreLabels = ["1", "2", "3", "4", "5", "none"];

    private void DeclareLineServiceLevel(string network, string line)
    {
        foreach (var threshold in ServiceLevelThresholds)
        {
            _answeredWithin.WithLabels(network, line, threshold.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var score in SurveyScoreLabels)
        {
            _surveyAnswers.WithLabels(network, line, score);
        }
    }

    /// <summary>A queue's wait and handle histograms at zero, for the same reason: its first call must count in the hour's rates.</summary>
    private void DeclareQueueHistograms(string network, string queue)
    {
        _queueWait.WithLabels(network, queue, "answered");
        _queueWait.WithLabels(network, queue, "abandoned");
        _handle.WithLabels(network, queue);
    }

    private static string ScoreLabel(int? score) => score is { } s ? s.ToString(CultureInfo.InvariantCulture) : "none";
}
