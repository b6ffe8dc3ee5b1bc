namespace Telephony.Storage.Migrations;

/// <summary>
/// Phone appointments, the same two tables on both providers. A slot's places are a counter row per queue and slot
/// (<c>appointment_slots.booked</c>), taken by a conditional UPDATE in the booking's transaction, so that two nodes
/// booking the last place at once cannot both win. The partial unique indexes hold over active appointments
/// (<c>state = 'booked'</c>) only: a cancelled booking frees its code and its number.
/// </summary>
/// <remarks>
/// The phone number is stored in clear, as in <c>callback_requests</c>: the service must dial it, and the tree has no
/// encryption-at-rest helper yet. It never leaves these tables (logs carry the masked form).
/// </remarks>
internal static class AppointmentMigrations
{
    public static Migration Sqlite(int version) => new(version, "appointments", """
        CREATE TABLE appointment_slots (
            queue_id   TEXT    NOT NULL,
            slot_start TEXT    NOT NULL,
            booked     INTEGER NOT NULL CHECK (booked >= 0),
            PRIMARY KEY (queue_id, slot_start)
        ) WITHOUT ROWID;
        CREATE TABLE appointments (
            id           TEXT    NOT NULL PRIMARY KEY,
            network      TEXT    NOT NULL,
            line         TEXT    NOT NULL,
            queue_id     TEXT    NOT NULL,
            reason       TEXT    NOT NULL,
            phone_number TEXT    NOT NULL,
            slot_start   TEXT    NOT NULL,
            slot_end     TEXT    NOT NULL,
            code         TEXT    NOT NULL,
            state        TEXT    NOT NULL CHECK (state IN ('booked', 'cancelled', 'called', 'completed', 'failed')),
            channel      TEXT    NOT NULL,
            booked_at    TEXT    NOT NULL,
            cancelled_at TEXT    NULL
        );
        CREATE UNIQUE INDEX ux_appointments_active_code ON appointments (code) WHERE state = 'booked';
        CREATE UNIQUE INDEX ux_appointments_active_number ON appointments (line, phone_number) WHERE state = 'booked';
        CREATE INDEX ix_appointments_slot ON appointments (slot_start, state);
        """);

    public static Migration Postgres(int version) => new(version, "appointments", """
        CREATE TABLE appointment_slots (
            queue_id   text        NOT NULL,
            slot_start timestamptz NOT NULL,
            booked     integer     NOT NULL CHECK (booked >= 0),
            PRIMARY KEY (queue_id, slot_start)
        );
        CREATE TABLE appointments (
            id           uuid        NOT NULL PRIMARY KEY,
            network      text        NOT NULL,
            line         text        NOT NULL,
            queue_id     text        NOT NULL,
            reason       text        NOT NULL,
            phone_number text        NOT NULL,
            slot_start   timestamptz NOT NULL,
            slot_end     timestamptz NOT NULL,
            code         text        NOT NULL,
            state        text        NOT NULL CHECK (state IN ('booked', 'cancelled', 'called', 'completed', 'failed')),
            channel      text        NOT NULL,
            booked_at    timestamptz NOT NULL,
            cancelled_at timestamptz NULL
        );
        CREATE UNIQUE INDEX ux_appointments_active_code ON appointments (code) WHERE state = 'booked';
        CREATE UNIQUE INDEX ux_appointments_active_number ON appointments (line, phone_number) WHERE state = 'booked';
        CREATE INDEX ix_appointments_slot ON appointments (slot_start, state);
        """);
}
