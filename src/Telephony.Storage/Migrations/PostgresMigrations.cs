namespace Telephony.Storage.Migrations;

/// <summary>Schema history for PostgreSQL: the same tables as SQLite, with native uuid and timestamptz.</summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new Migration(1, "call_records", """
            CREATE TABLE call_records (
                id            uuid        NOT NULL PRIMARY KEY,
                call_id       text        NOT NULL,
                network       text        NOT NULL,
                line          text        NOT NULL,
                path          text        NOT NULL,
                queue_id      text        NULL,
                started_at    timestamptz NOT NULL,
                answered_at   timestamptz NULL,
                queued_at     timestamptz NULL,
                ended_at      timestamptz NOT NULL,
                outcome       text        NOT NULL,
                end_reason    text        NULL,
                caller_masked text        NULL
            );
            CREATE INDEX ix_call_records_ended_at ON call_records (ended_at DESC);
            CREATE INDEX ix_call_records_call_id ON call_records (call_id);
            CREATE INDEX ix_call_records_network_line_started ON call_records (network, line, started_at);
            """),
        new Migration(2, "line_overrides", """
            CREATE TABLE line_overrides (
                script_name text        NOT NULL PRIMARY KEY,
                kind        text        NOT NULL,
                message     text        NULL,
                until_at    timestamptz NULL,
                set_at      timestamptz NOT NULL
            );
            """),
        new Migration(3, "callback_requests", """
            CREATE TABLE callback_requests (
                id           uuid        NOT NULL PRIMARY KEY,
                call_id      text        NOT NULL,
                network      text        NOT NULL,
                line         text        NOT NULL,
                queue_id     text        NOT NULL,
                phone_number text        NOT NULL,
                requested_at timestamptz NOT NULL,
                status       text        NOT NULL
            );
            CREATE INDEX ix_callback_requests_status ON callback_requests (status, requested_at);
            """),
        // The tables and stored queries of the official Orleans ADO.NET providers (clustering, reminders, grain state).
        new Migration(4, "orleans_clustering", PostgresOrleansClustering.Sql),
        new Migration(5, "orleans_reminders", PostgresOrleansReminders.Sql),
        new Migration(6, "orleans_grain_storage", PostgresOrleansPersistence.Sql),
        // Agents: credentials only as digest HA1 hashes for the realm they were computed in, never a password.
        new Migration(7, "agents", """
            CREATE TABLE agents (
                id           text        NOT NULL PRIMARY KEY,
                display_name text        NOT NULL,
                sip_username text        NOT NULL,
                enabled      boolean     NOT NULL,
                ha1_md5      text        NOT NULL,
                ha1_sha256   text        NOT NULL,
                ha1_realm    text        NOT NULL,
                created_at   timestamptz NOT NULL,
                updated_at   timestamptz NOT NULL,
                version      bigint      NOT NULL
            );
            CREATE UNIQUE INDEX ux_agents_sip_username ON agents (sip_username);
            CREATE TABLE agent_skills (
                agent_id text    NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
                queue_id text    NOT NULL,
                level    integer NOT NULL CHECK (level BETWEEN 1 AND 5),
                PRIMARY KEY (agent_id, queue_id)
            );
            CREATE INDEX ix_agent_skills_queue ON agent_skills (queue_id);
            """),
        // What an agent did with the call: the agent's opaque id (never a name), when the agent answered, wait and talk
        // times, ring attempts, and the caller's survey score (null: not asked or no answer).
        new Migration(8, "call_records_agent", """
            ALTER TABLE call_records
                ADD COLUMN agent_id          text             NULL,
                ADD COLUMN agent_answered_at timestamptz      NULL,
                ADD COLUMN wait_seconds      double precision NULL,
                ADD COLUMN talk_seconds      double precision NULL,
                ADD COLUMN ring_attempts     integer          NOT NULL DEFAULT 0,
                ADD COLUMN survey_score      integer          NULL CHECK (survey_score BETWEEN 1 AND 5);
            CREATE INDEX ix_call_records_agent_ended ON call_records (agent_id, ended_at);
            """),
        // Write-ahead call records: a call's row is written when it is answered (no outcome nor end yet) and completed
        // when it ends, so a node that dies leaves open rows to close as node_lost. node_id is the stable name of the
        // node, node_instance the run of it (its silo address): a restarted node never closes the rows of its new run.
        new Migration(9, "call_records_write_ahead", """
            ALTER TABLE call_records
                ALTER COLUMN ended_at DROP NOT NULL,
                ALTER COLUMN outcome DROP NOT NULL,
                ADD COLUMN node_id       text NULL,
                ADD COLUMN node_instance text NULL,
                ADD CONSTRAINT ck_call_records_open CHECK ((ended_at IS NULL) = (outcome IS NULL));
            CREATE INDEX ix_call_records_open_node ON call_records (node_id) WHERE ended_at IS NULL;
            CREATE INDEX ix_call_records_open_instance ON call_records (node_instance) WHERE ended_at IS NULL;
            """),
        // Retention purges callback requests by age.
        new Migration(10, "callback_requests_requested_at", """
            CREATE INDEX ix_callback_requests_requested_at ON callback_requests (requested_at);
            """),
        // Numbered apart (30, 40) so that they never collide with the core schema's next numbers.
        SmsOutboxMigrations.Postgres,
        // Phone appointments and the per-slot counters that keep bookings within capacity (AppointmentMigrations).
        AppointmentMigrations.Postgres(30),
        // The callback state machine's record and lease (CallbackExecutionMigrations).
        CallbackExecutionMigrations.Postgres,
        // The key id the sealed values use, so that a node with another key refuses to start (StorageKeyMigrations).
        StorageKeyMigrations.Postgres,
        // What callers said, stored only with Speech:StoreTranscripts, deleted with the record (TranscriptMigrations).
        TranscriptMigrations.Postgres,
        // Each known number's recent calls (a keyed hash), the repeat-caller hint, written with the record (CallerCallMigrations).
        CallerCallMigrations.Postgres,
    ];
}
