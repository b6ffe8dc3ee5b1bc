namespace Telephony.Storage.Migrations;

/// <summary>
/// What Microsoft.Orleans.Reminders.AdoNet 10.4.x reads: one row per (service, grain, reminder name).
/// </summary>
/// <remarks>
/// Contract, from the provider: <c>GrainId</c> is <c>GrainId.ToString()</c>, <c>GrainHash</c> its uniform hash cast
/// to int4 (so range queries compare in signed order: the provider picks ReadRangeRows1Key when
/// <c>(int)begin &lt; (int)end</c>, else the wrap-around ReadRangeRows2Key; ranges are (begin, end]); <c>Period</c> is in
/// milliseconds, int4 or int8 depending on its size; rows come back as GrainId, ReminderName, StartTime, Period, Version;
/// the etag is <c>Version</c> as a string. Versions come from one sequence instead of counting per row, so a reminder
/// removed and registered again never gets back an etag that a stale caller may still hold.
/// </remarks>
internal static class PostgresOrleansReminders
{
    public const string Sql = """
        CREATE SEQUENCE orleans_reminder_version AS integer CYCLE;

        CREATE TABLE OrleansRemindersTable (
            ServiceId    text        NOT NULL,
            GrainId      text        NOT NULL,
            ReminderName text        NOT NULL,
            StartTime    timestamptz NOT NULL,
            Period       bigint      NOT NULL,
            GrainHash    integer     NOT NULL,
            Version      integer     NOT NULL,
            PRIMARY KEY (ServiceId, GrainId, ReminderName)
        );
        CREATE INDEX ix_orleans_reminders_hash ON OrleansRemindersTable (ServiceId, GrainHash);

        INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
        ('UpsertReminderRowKey', $q$
            INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, nextval('orleans_reminder_version'))
            ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
               SET StartTime = EXCLUDED.StartTime, Period = EXCLUDED.Period, GrainHash = EXCLUDED.GrainHash,
                   Version = EXCLUDED.Version
            RETURNING r.Version
        $q$),
        ('ReadReminderRowsKey', $q$
            SELECT GrainId, ReminderName, StartTime, Period, Version
              FROM OrleansRemindersTable
             WHERE ServiceId = @ServiceId AND GrainId = @GrainId
        $q$),
        ('ReadReminderRowKey', $q$
            SELECT GrainId, ReminderName, StartTime, Period, Version
              FROM OrleansRemindersTable
             WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
        $q$),
        ('ReadRangeRows1Key', $q$
            SELECT GrainId, ReminderName, StartTime, Period, Version
              FROM OrleansRemindersTable
             WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash
        $q$),
        ('ReadRangeRows2Key', $q$
            SELECT GrainId, ReminderName, StartTime, Period, Version
              FROM OrleansRemindersTable
             WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)
        $q$),
        ('DeleteReminderRowKey', $q$
            WITH removed AS (
                DELETE FROM OrleansRemindersTable
                 WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
                   AND Version = @Version
                RETURNING 1
            )
            SELECT count(*) > 0 AS Removed FROM removed
        $q$),
        ('DeleteReminderRowsKey', $q$
            DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId
        $q$);
        """;
}
