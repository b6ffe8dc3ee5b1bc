namespace Telephony.Storage;

/// <summary>
/// The calls of one network, line and outcome that ended within one UTC hour, counted by the database. Paris days
/// are whole UTC hours (its offset is +1 h or +2 h, changing on the hour), so the reporting layer adds hours up into
/// Paris days exactly, whatever the provider (SQLite has no time zones).
/// </summary>
/// <param name="HourUtc">The start of the UTC hour the calls ended in.</param>
/// <param name="Calls">Records of this outcome.</param>
/// <param name="WaitedAtMost20">Of them, those whose queue wait was at most 20 s (60, 120 likewise).</param>
/// <param name="QueueWaits">Of them, those with a queue wait (answered by an agent or abandoned in the queue, short or not).</param>
/// <param name="QueueWaitSeconds">The sum of those waits.</param>
/// <param name="SurveyAnswers">Of them, those whose caller gave a satisfaction score (1 to 5).</param>
/// <param name="SurveyScoreSum">The sum of those scores.</param>
public sealed record CallHourCounts(
    string Network,
    string Line,
    DateTimeOffset HourUtc,
    string Outcome,
    long Calls,
    long WaitedAtMost20,
    long WaitedAtMost60,
    long WaitedAtMost120,
    long QueueWaits,
    double QueueWaitSeconds,
    long SurveyAnswers,
    long SurveyScoreSum);
