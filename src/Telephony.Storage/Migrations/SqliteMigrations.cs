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
        // Our own Orleans providers (Telephony.Storage.Orleans): grain state by (service, grain, state name), etag a
        // version number; the payload is whatever the silo's grain-storage serializer produced (JSON by default).
        new Migration(4, "orleans_grain_state", """
            CREATE TABLE orleans_grain_state (
                service_id  TEXT    NOT NULL,
                grain_id    TEXT    NOT NULL,
                state_name  TEXT    NOT NULL,
                payload     BLOB    NULL,
                version     INTEGER NOT NULL,
                modified_at TEXT    NOT NULL,
                PRIMARY KEY (service_id, grain_id, state_name)
            ) WITHOUT ROWID;
            """),
        // grain_hash is the grain's uniform hash as an unsigned 32-bit value (SQLite integers are 64-bit), so ranges
        // compare in the ring's own order; etag is a fresh GUID per upsert, never reused after a removal.
        new Migration(5, "orleans_reminders", """
            CREATE TABLE orleans_reminders (
                service_id    TEXT    NOT NULL,
                grain_id      TEXT    NOT NULL,
                reminder_name TEXT    NOT NULL,
                grain_hash    INTEGER NOT NULL,
                start_at      TEXT    NOT NULL,
                period_ms     INTEGER NOT NULL,
                etag          TEXT    NOT NULL,
                PRIMARY KEY (service_id, grain_id, reminder_name)
            );
            CREATE INDEX ix_orleans_reminders_hash ON orleans_reminders (service_id, grain_hash);
            """),
        // Agents: credentials only as digest HA1 hashes for the realm they were computed in, never a password.
        new Migration(6, "agents", """
            CREATE TABLE agents (
                id           TEXT    NOT NULL PRIMARY KEY,
                display_name TEXT    NOT NULL,
                sip_username TEXT    NOT NULL,
                enabled      INTEGER NOT NULL CHECK (enabled IN (0, 1)),
                ha1_md5      TEXT    NOT NULL,
                ha1_sha256   TEXT    NOT NULL,
                ha1_realm    TEXT    NOT NULL,
                created_at   TEXT    NOT NULL,
                updated_at   TEXT    NOT NULL,
                version      INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX ux_agents_sip_username ON agents (sip_username);
            CREATE TABLE agent_skills (
                agent_id TEXT    NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
                queue_id TEXT    NOT NULL,
                level    INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
                PRIMARY KEY (agent_id, queue_id)
            );
            CREATE INDEX ix_agent_skills_queue ON agent_skills (queue_id);
            """),
        // What an agent did with the call: the agent's opaque id (never a name), when the agent answered, wait and talk
        // times, ring attempts, and the caller's survey score (null: not asked or no answer).
        new Migration(7, "call_records_agent", """
            ALTER TABLE call_records ADD COLUMN agent_id TEXT NULL;
            ALTER TABLE call_records ADD COLUMN agent_answered_at TEXT NULL;
            ALTER TABLE call_records ADD COLUMN wait_seconds REAL NULL;
            ALTER TABLE call_records ADD COLUMN talk_seconds REAL NULL;
            ALTER TABLE call_records ADD COLUMN ring_attempts INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE call_records ADD COLUMN survey_score INTEGER NULL CHECK (survey_score BETWEEN 1 AND 5);
            CREATE INDEX ix_call_records_agent_ended ON call_records (agent_id, ended_at);
            """),
        // Write-ahead call records: a call's row is written when it is answered (no outcome nor end yet) and completed
        // when it ends, so a node that dies leaves open rows to close as node_lost. SQLite cannot drop a NOT NULL, so the
        // table is rebuilt; node_id is the stable name of the node, node_instance the run of it (its silo address).
        new Migration(8, "call_records_write_ahead", """
            CREATE TABLE call_records_write_ahead (
                id                TEXT    NOT NULL PRIMARY KEY,
                call_id           TEXT    NOT NULL,
                network           TEXT    NOT NULL,
                line              TEXT    NOT NULL,
                path              TEXT    NOT NULL,
                queue_id          TEXT    NULL,
                started_at        TEXT    NOT NULL,
                answered_at       TEXT    NULL,
                queued_at         TEXT    NULL,
                ended_at          TEXT    NULL,
                outcome           TEXT    NULL,
                end_reason        TEXT    NULL,
                caller_masked     TEXT    NULL,
                agent_id          TEXT    NULL,
                agent_answered_at TEXT    NULL,
                wait_seconds      REAL    NULL,
                talk_seconds      REAL    NULL,
                ring_attempts     INTEGER NOT NULL DEFAULT 0,
                survey_score      INTEGER NULL CHECK (survey_score BETWEEN 1 AND 5),
                node_id           TEXT    NULL,
                node_instance     TEXT    NULL,
                CHECK ((ended_at IS NULL) = (outcome IS NULL))
            );
            INSERT INTO call_records_write_ahead (id, call_id, network, line, path, queue_id, started_at, answered_at, queued_at, ended_at,
                                                  outcome, end_reason, caller_masked, agent_id, agent_answered_at, wait_seconds, talk_seconds,
                                                  ring_attempts, survey_score)
            SELECT id, call_id, network, line, path, queue_id, started_at, answered_at, queued_at, ended_at,
                   outcome, end_reason, caller_masked, agent_id, agent_answered_at, wait_seconds, talk_seconds, ring_attempts, survey_score
            FROM call_records;
            DROP TABLE call_records;
            ALTER TABLE call_records_write_ahead RENAME TO call_records;
            CREATE INDEX ix_call_records_ended_at ON call_records (ended_at DESC);
            CREATE INDEX ix_call_records_call_id ON call_records (call_id);
            CREATE INDEX ix_call_records_network_line_started ON call_records (network, line, started_at);
            CREATE INDEX ix_call_records_agent_ended ON call_records (agent_id, ended_at);
            CREATE INDEX ix_call_records_open_node ON call_records (node_id) WHERE ended_at IS NULL;
            CREATE INDEX ix_call_records_open_instance ON call_records (node_instance) WHERE ended_at IS NULL;
            """),
        // Retention purges callback requests by age.
        new Migration(9, "callback_requests_requested_at", """
            CREATE INDEX ix_callback_requests_requested_at ON callback_requests (requested_at);
            """),
        // Numbered apart (30, 40) so that they never collide with the core schema's next numbers.
        SmsOutboxMigrations.Sqlite,
        // Phone appointments and the per-slot counters that keep bookings within capacity (AppointmentMigrations).
        AppointmentMigrations.Sqlite(30),
        // The callback state machine's record and lease (CallbackExecutionMigrations).
        CallbackExecutionMigrations.Sqlite,
        // The key id the sealed values use, so that a node with another key refuses to start (StorageKeyMigrations).
        StorageKeyMigrations.Sqlite,
        // What callers said, stored only with Speech:StoreTranscripts, deleted with the record (TranscriptMigrations).
        TranscriptMigrations.Sqlite,
        // Each known number's recent calls (a keyed hash), the repeat-caller hint, written with the record (CallerCallMigrations).
        CallerCallMigrations.Sqlite,
    ];
}
