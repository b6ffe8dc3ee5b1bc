namespace Telephony.Storage.Migrations;

/// <summary>
/// Migration 80 on both providers: <c>caller_calls</c>, one row per finished call of a known number (its keyed hash,
/// never the number), the repeat-caller hint's source. Written in the same transaction as the call record's
/// completion, so the history costs a call no write of its own; kept for <c>Callers:RecentDays</c> only (the retention
/// run deletes older rows), far less than the call records themselves, so that calls of one number cannot be linked
/// for longer than the hint needs.
/// </summary>
internal static class CallerCallMigrations
{
    private const string Table = """
        CREATE TABLE caller_calls (
            id          {id}   NOT NULL PRIMARY KEY,
            caller_key  {text} NOT NULL,
            line        {text} NOT NULL,
            started_at  {time} NOT NULL,
            outcome     {text} NOT NULL
        );
        CREATE INDEX ix_caller_calls_key_line_started ON caller_calls (caller_key, line, started_at);
        CREATE INDEX ix_caller_calls_started ON caller_calls (started_at);
        """;

    public static Migration Sqlite { get; } = new(80, "caller_calls", Table
        .Replace("{id}", "TEXT", StringComparison.Ordinal).Replace("{text}", "TEXT", StringComparison.Ordinal).Replace("{time}", "TEXT", StringComparison.Ordinal));

    public static Migration Postgres { get; } = new(80, "caller_calls", Table
        .Replace("{id}", "uuid", StringComparison.Ordinal).Replace("{text}", "text", StringComparison.Ordinal).Replace("{time}", "timestamptz", StringComparison.Ordinal));
}
