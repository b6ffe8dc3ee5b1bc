using System.Globalization;
using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>
/// The aggregation behind the daily report, the open data and the wallboard: call records counted in the database by
/// network, line, UTC hour of their end and outcome, so that a year of calls comes back as a few thousand rows. The
/// rates are computed from these counts by <c>Telephony.Calls.Reporting</c> (dashboards/README.md).
/// </summary>
public sealed class CallCountRepository(IDbConnectionFactory factory)
{
    private readonly SqlDialect _dialect = SqlDialect.For(factory.Provider);

    /// <summary>Records that ended in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), counted per UTC hour.</summary>
    public async Task<IReadOnlyList<CallHourCounts>> CountByHourAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken ct)
    {
        if (toUtc < fromUtc)
        {
            throw new ArgumentOutOfRangeException(nameof(toUtc), "The end of the range is before its start.");
        }

        // A call counts on the hour it ended, as Prometheus counts its outcome when the call ends. The wait of a call
        // answered by an agent is from joining the queue to the agent's answer (what telephony_calls_answered_within
        // counts); that of a queue abandon, to the hang-up. Which outcomes each figure takes is decided by the
        // reporting layer, in one place: here every outcome is counted alike.
        var hour = _dialect.UtcHourOf("ended_at");
        var sql = $"""
            SELECT network AS Network, line AS Line, {hour} AS Hour, outcome AS Outcome, COUNT(*) AS Calls,
                   SUM(CASE WHEN wait_seconds <= 20 THEN 1 ELSE 0 END) AS WaitedAtMost20,
                   SUM(CASE WHEN wait_seconds <= 60 THEN 1 ELSE 0 END) AS WaitedAtMost60,
                   SUM(CASE WHEN wait_seconds <= 120 THEN 1 ELSE 0 END) AS WaitedAtMost120,
                   COUNT(wait_seconds) AS QueueWaits,
                   COALESCE(SUM(wait_seconds), 0.0) AS QueueWaitSeconds,
                   COUNT(survey_score) AS SurveyAnswers,
                   COALESCE(SUM(survey_score), 0) AS SurveyScoreSum
            FROM call_records
            WHERE ended_at >= @FromUtc AND ended_at < @ToUtc
            GROUP BY network, line, {hour}, outcome
            ORDER BY network, line, {hour}, outcome
            """;
        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new
        {
            FromUtc = _dialect.ToDbTimestamp(fromUtc),
            ToUtc = _dialect.ToDbTimestamp(toUtc),
        }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToCounts()).ToList();
    }

    // Provider-neutral shape: SQLite returns every integer as long and sums of REAL as double, PostgreSQL bigint and
    // numeric; the hour is "yyyy-MM-ddTHH" text on both.
    private sealed class Row
    {
        public string Network { get; set; } = "";

        public string Line { get; set; } = "";

        public string Hour { get; set; } = "";

        public string Outcome { get; set; } = "";

        public long Calls { get; set; }

        public long WaitedAtMost20 { get; set; }

        public long WaitedAtMost60 { get; set; }

        public long WaitedAtMost120 { get; set; }

        public long QueueWaits { get; set; }

        public double QueueWaitSeconds { get; set; }

        public long SurveyAnswers { get; set; }

        public long SurveyScoreSum { get; set; }

        public CallHourCounts ToCounts() => new(
            Network,
            Line,
            DateTimeOffset.ParseExact(Hour, "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            Outcome,
            Calls,
            WaitedAtMost20,
            WaitedAtMost60,
            WaitedAtMost120,
            QueueWaits,
            QueueWaitSeconds,
            SurveyAnswers,
            SurveyScoreSum);
    }
}
