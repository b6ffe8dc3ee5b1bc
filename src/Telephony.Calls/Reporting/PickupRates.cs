namespace Telephony.Calls.Reporting;

/// <summary>
/// Every rate of the reports, open data and wallboard, in one place, exactly as dashboards/README.md defines them
/// (« Comment nous comptons » / "How we count"); the Prometheus recording rules compute the same from the counters.
/// A rate whose denominator is 0 is null: no rate, never NaN.
/// </summary>
public static class PickupRates
{
    /// <summary>The Plan téléphone's target for the agent rate.</summary>
    public const double Target = 0.85;

    /// <summary>Calls handled by an agent: A + Rc.</summary>
    public static long AgentHandled(OutcomeCounts c) => c.AnsweredAgent + c.CallbacksCompleted;

    /// <summary>Calls that required an agent: A + AQ + S + D + Rc + Rf.</summary>
    public static long AgentRequired(OutcomeCounts c) =>
        c.AnsweredAgent + c.AbandonedQueue + c.Saturated + c.Dropped + c.CallbacksCompleted + c.CallbacksFailed;

    /// <summary>Taux de décroché par un agent = (A + Rc) / (A + AQ + S + D + Rc + Rf).</summary>
    public static double? AgentRate(OutcomeCounts c) => Ratio(AgentHandled(c), AgentRequired(c));

    /// <summary>Numerator of the global rate: A + H + Rc.</summary>
    public static long GlobalHandled(OutcomeCounts c) => AgentHandled(c) + c.HandledIvr;

    /// <summary>Denominator of the global rate: A + H + AI + AQ + S + D + Rc + Rf.</summary>
    public static long GlobalRequired(OutcomeCounts c) => AgentRequired(c) + c.HandledIvr + c.AbandonedIvr;

    /// <summary>Taux de décroché global = (A + H + Rc) / (A + H + AI + AQ + S + D + Rc + Rf).</summary>
    public static double? GlobalRate(OutcomeCounts c) => Ratio(GlobalHandled(c), GlobalRequired(c));

    /// <summary>
    /// Calls that waited in a queue for an agent, short abandons out: A + AQ, the denominator of the service level,
    /// the queue abandon rate and the average wait.
    /// </summary>
    public static long QueuedForAgent(OutcomeCounts c) => c.AnsweredAgent + c.AbandonedQueue;

    /// <summary>Niveau de service à N s = answered by an agent within N s of joining the queue / (A + AQ).</summary>
    public static double? ServiceLevel(long answeredWithin, OutcomeCounts c) => Ratio(answeredWithin, QueuedForAgent(c));

    /// <summary>Taux d'abandon en file = AQ / (A + AQ).</summary>
    public static double? QueueAbandonRate(OutcomeCounts c) => Ratio(c.AbandonedQueue, QueuedForAgent(c));

    /// <summary>An average (a wait, a score) over <paramref name="count"/> values; null when there are none.</summary>
    public static double? Average(double sum, long count) => count == 0 ? null : sum / count;

    /// <summary>Where a rate stands against the 85 % target, as the wallboard colours it.</summary>
    public static RateStanding StandingOf(double? rate) => rate switch
    {
        null => RateStanding.NoCalls,
        >= Target => RateStanding.OnTarget,
        >= 0.75 => RateStanding.Below,
        _ => RateStanding.FarBelow,
    };

    private static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;
}

/// <summary>A rate against the target: on it (green, ≥ 85 %), below (amber, ≥ 75 %), far below (red), or no rate yet.</summary>
public enum RateStanding
{
    NoCalls,
    OnTarget,
    Below,
    FarBelow,
}
