namespace Telephony.Storage.Migrations;

/// <summary>
/// Migration 50 on both providers: the columns that make <c>callback_requests</c> the durable record of a callback's
/// state machine (<c>pending → queued → dialling → completed | failed</c>, <c>cancelled</c>). A node holds a callback
/// it executes with a lease (<c>claimed_by</c>, <c>lease_until</c>) that every transition checks, so two nodes never
/// run the same callback and a dead node's callback is taken over once its lease ends. <c>queued_at</c> is the place
/// the callback keeps in its queue (the caller's original arrival; for an appointment its slot start); <c>due_at</c>
/// when it may next be worked on; <c>number_key</c> (a keyed hash of the number, the number itself being encrypted
/// with a fresh nonce) makes one active callback per number and line; <c>agent_context</c> (encrypted) is what the
/// citizen told the IVR, shown to the agent.
/// </summary>
internal static class CallbackExecutionMigrations
{
    private const string Columns = """
        ALTER TABLE callback_requests ADD COLUMN kind {text} NOT NULL DEFAULT 'asap';
        ALTER TABLE callback_requests ADD COLUMN queued_at {time} NULL;
        ALTER TABLE callback_requests ADD COLUMN due_at {time} NULL;
        ALTER TABLE callback_requests ADD COLUMN attempts {int} NOT NULL DEFAULT 0;
        ALTER TABLE callback_requests ADD COLUMN claimed_by {text} NULL;
        ALTER TABLE callback_requests ADD COLUMN lease_until {time} NULL;
        ALTER TABLE callback_requests ADD COLUMN number_key {text} NULL;
        ALTER TABLE callback_requests ADD COLUMN appointment_id {text} NULL;
        ALTER TABLE callback_requests ADD COLUMN agent_context {text} NULL;
        ALTER TABLE callback_requests ADD COLUMN ended_at {time} NULL;
        ALTER TABLE callback_requests ADD COLUMN end_reason {text} NULL;
        UPDATE callback_requests SET queued_at = requested_at, due_at = requested_at WHERE due_at IS NULL;
        CREATE UNIQUE INDEX ux_callback_requests_active_number ON callback_requests (line, number_key)
            WHERE number_key IS NOT NULL AND status IN ('pending', 'queued', 'dialling');
        CREATE UNIQUE INDEX ux_callback_requests_appointment ON callback_requests (appointment_id) WHERE appointment_id IS NOT NULL;
        CREATE INDEX ix_callback_requests_due ON callback_requests (status, due_at);
        """;

    public static Migration Sqlite { get; } = new(50, "callback_execution",
        Columns.Replace("{text}", "TEXT", StringComparison.Ordinal).Replace("{time}", "TEXT", StringComparison.Ordinal).Replace("{int}", "INTEGER", StringComparison.Ordinal));

    public static Migration Postgres { get; } = new(50, "callback_execution",
        Columns.Replace("{text}", "text", StringComparison.Ordinal).Replace("{time}", "timestamptz", StringComparison.Ordinal).Replace("{int}", "integer", StringComparison.Ordinal));
}
