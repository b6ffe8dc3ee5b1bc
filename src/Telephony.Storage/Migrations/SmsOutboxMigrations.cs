namespace Telephony.Storage.Migrations;

/// <summary>
/// The SMS outbox (<c>sms_outbox</c>): every SMS is stored here before it is sent, so a send that fails or a node that
/// stops mid-way leaves a row another attempt or node picks up. Version 40 on both providers: numbered apart from the
/// other features' migrations, which grew in parallel branches, so merging them needs no renumbering.
/// </summary>
/// <remarks>
/// <c>phone_number</c> is in clear while the SMS may still be sent (no at-rest encryption helper exists in the project
/// yet) and is replaced by its masked form once the row is final (sent, failed, cancelled, expired).
/// <c>(kind, reference)</c> is unique so that the booking or callback code may enqueue the same SMS twice (a retried
/// request) and only one is ever sent.
/// </remarks>
internal static class SmsOutboxMigrations
{
    public const int Version = 40;

    public static Migration Sqlite { get; } = new(Version, "sms_outbox", """
        CREATE TABLE sms_outbox (
            id           TEXT    NOT NULL PRIMARY KEY,
            kind         TEXT    NOT NULL,
            reference    TEXT    NOT NULL,
            network      TEXT    NOT NULL,
            phone_number TEXT    NOT NULL,
            body         TEXT    NOT NULL,
            state        TEXT    NOT NULL,
            due_at       TEXT    NOT NULL,
            expires_at   TEXT    NULL,
            attempts     INTEGER NOT NULL DEFAULT 0,
            claimed_by   TEXT    NULL,
            lease_until  TEXT    NULL,
            last_error   TEXT    NULL,
            created_at   TEXT    NOT NULL,
            sent_at      TEXT    NULL
        );
        CREATE UNIQUE INDEX ux_sms_outbox_kind_reference ON sms_outbox (kind, reference);
        CREATE INDEX ix_sms_outbox_state_due ON sms_outbox (state, due_at);
        """);

    public static Migration Postgres { get; } = new(Version, "sms_outbox", """
        CREATE TABLE sms_outbox (
            id           uuid        NOT NULL PRIMARY KEY,
            kind         text        NOT NULL,
            reference    text        NOT NULL,
            network      text        NOT NULL,
            phone_number text        NOT NULL,
            body         text        NOT NULL,
            state        text        NOT NULL,
            due_at       timestamptz NOT NULL,
            expires_at   timestamptz NULL,
            attempts     integer     NOT NULL DEFAULT 0,
            claimed_by   text        NULL,
            lease_until  timestamptz NULL,
            last_error   text        NULL,
            created_at   timestamptz NOT NULL,
            sent_at      timestamptz NULL
        );
        CREATE UNIQUE INDEX ux_sms_outbox_kind_reference ON sms_outbox (kind, reference);
        CREATE INDEX ix_sms_outbox_state_due ON sms_outbox (state, due_at);
        """);
}
