using Telephony.Storage;

namespace Telephony.Calls.Reporting;

/// <summary>
/// The figures of one line (or a network's lines added up) over one day or a period: calls offered, by outcome,
/// answered within the service-level thresholds, queue waits and survey answers; the rates follow from them
/// (<see cref="PickupRates"/>). A network's figures add up its lines' calls, never their rates.
/// </summary>
public sealed record CallFigures
{
    public static readonly CallFigures None = new();

    /// <summary>Calls presented to the line: every record, one per line the call was on.</summary>
    public long Offered { get; init; }

    public OutcomeCounts Outcomes { get; init; } = OutcomeCounts.None;

    /// <summary>Calls answered by an agent at most 20 s after joining the queue.</summary>
    public long AnsweredWithin20 { get; init; }

    public long AnsweredWithin60 { get; init; }

    public long AnsweredWithin120 { get; init; }

    /// <summary>Queue waits of the calls that waited for an agent (A and AQ), and their sum in seconds.</summary>
    public long QueueWaits { get; init; }

    public double QueueWaitSeconds { get; init; }

    /// <summary>Survey answers with a score (1 to 5), and the sum of their scores.</summary>
    public long SurveyAnswers { get; init; }

    public long SurveyScoreSum { get; init; }

    public double? AgentRate => PickupRates.AgentRate(Outcomes);

    public double? GlobalRate => PickupRates.GlobalRate(Outcomes);

    public double? ServiceLevel20 => PickupRates.ServiceLevel(AnsweredWithin20, Outcomes);

    public double? ServiceLevel60 => PickupRates.ServiceLevel(AnsweredWithin60, Outcomes);

    public double? ServiceLevel120 => PickupRates.ServiceLevel(AnsweredWithin120, Outcomes);

    /// <summary>Average wait in a queue of the calls that waited for an agent (A and AQ: short abandons out, as in the service level).</summary>
    public double? AverageWaitSeconds => PickupRates.Average(QueueWaitSeconds, QueueWaits);

    /// <summary>Note moyenne: sum of the scores / answers with a score.</summary>
    public double? SatisfactionAverage => PickupRates.Average(SurveyScoreSum, SurveyAnswers);

    /// <summary>
    /// What a group of records of one outcome adds: the service level counts only calls answered by an agent, the
    /// average wait only A and AQ (dashboards/README.md, « Niveau de service, abandon, satisfaction »).
    /// </summary>
    public static CallFigures Of(CallHourCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var answered = counts.Outcome == "answered_agent";
        var waitedForAgent = answered || counts.Outcome == "abandoned_queue";
        return new CallFigures
        {
            // A callback's record is the service calling out, not a call presented to the line.
            Offered = counts.Outcome is OutcomeCounts.CallbackCompletedOutcome or OutcomeCounts.CallbackFailedOutcome ? 0 : counts.Calls,
            Outcomes = OutcomeCounts.Of(counts.Outcome, counts.Calls),
            AnsweredWithin20 = answered ? counts.WaitedAtMost20 : 0,
            AnsweredWithin60 = answered ? counts.WaitedAtMost60 : 0,
            AnsweredWithin120 = answered ? counts.WaitedAtMost120 : 0,
            QueueWaits = waitedForAgent ? counts.QueueWaits : 0,
            QueueWaitSeconds = waitedForAgent ? counts.QueueWaitSeconds : 0,
            SurveyAnswers = counts.SurveyAnswers,
            SurveyScoreSum = counts.SurveyScoreSum,
        };
    }

    public CallFigures Plus(CallFigures other) => new()
    {
        Offered = Offered + other.Offered,
        Outcomes = Outcomes.Plus(other.Outcomes),
        AnsweredWithin20 = AnsweredWithin20 + other.AnsweredWithin20,
        AnsweredWithin60 = AnsweredWithin60 + other.AnsweredWithin60,
        AnsweredWithin120 = AnsweredWithin120 + other.AnsweredWithin120,
        QueueWaits = QueueWaits + other.QueueWaits,
        QueueWaitSeconds = QueueWaitSeconds + other.QueueWaitSeconds,
        SurveyAnswers = SurveyAnswers + other.SurveyAnswers,
        SurveyScoreSum = SurveyScoreSum + other.SurveyScoreSum,
    };
}
