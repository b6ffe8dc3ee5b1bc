namespace Telephony.Storage.Migrations;

/// <summary>Schema history for SQLite. Timestamps are fixed-width UTC ISO-8601 text so they sort as text.</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new Migration(1, "call_records", """
            CREATE TABLE call_records (
                id            TEXT    NOT NULL PRIMARY KEY,
                call_id       TEXT    NOT NULL,
                network       TEXT    NOT NULL,
                line          TEXT    NOT NULL,
                path          TEXT    NOT NULL,
                queue_id      TEXT    NULL,
                started_at    TEXT    NOT NULL,
                answered_at   TEXT    NULL,
                queued_at     TEXT    NULL,
                ended_at      TEXT    NOT NULL,
                outcome       TEXT    NOT NULL,
                end_reason    TEXT    NULL,
                caller_masked TEXT    NULL
            );
            CREATE INDEX ix_call_records_ended_at ON call_records (ended_at DESC);
            CREATE INDEX ix_call_records_call_id ON call_records (call_id);
            CREATE INDEX ix_call_records_network_line_started ON call_records (network, line, started_at);
            """),
        new Migration(2, "line_overrides", """
            CREATE TABLE line_overrides (
                script_name TEXT    NOT NULL PRIMARY KEY,
                kind        TEXT    NOT NULL,
                message     TEXT    NULL,
                until_at    TEXT    NULL,
                set_at      TEXT    NOT NULL
            );
            """),
        new Migration(3, "callback_requests", """
            CREATE TABLE callback_requests (
                id           TEXT    NOT NULL PRIMARY KEY,
                call_id      TEXT    NOT NULL,
                network      TEXT    NOT NULL,
                line         TEXT    NOT NULL,
                queue_id     TEXT    NOT NULL,
                phone_number TEXT    NOT NULL,
                requested_at TEXT    NOT NULL,
                status       TEXT    NOT NULL
            );
            CREATE INDEX ix_callback_requests_status ON callback_requests (status, requested_at);
            """),
    ];
}
