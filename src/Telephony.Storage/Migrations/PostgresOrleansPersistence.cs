namespace Telephony.Storage.Migrations;

/// <summary>
/// What Microsoft.Orleans.Persistence.AdoNet 10.4.x reads: one row per (service, state name, grain key).
/// </summary>
/// <remarks>
/// Contract, from the provider: every query gets ServiceId, GrainTypeString (the state name), GrainIdN0/GrainIdN1
/// (int8: the integer or GUID key), GrainIdExtensionString (key extension, or the whole key of a string-keyed grain,
/// else NULL) and two int4 hashes of them; writes and clears add GrainStateVersion (int4, NULL for a grain that has
/// never read a stored version) and writes PayloadBinary (bytea). Read returns PayloadBinary and Version (zero rows when
/// nothing is stored); write returns NewGrainStateVersion, NULL when the expected version did not match; clear and
/// delete return the new version in their first column, or no row on a mismatch.
/// The hashes are stored but rows are looked up by the key itself, so a change of hasher never hides stored state.
/// A NULL extension and an empty one are different keys: the unique index maps NULL to '' and 'x' to '+x'.
/// Versions wrap from int4's maximum back to 1 instead of overflowing on a grain written for years.
/// </remarks>
internal static class PostgresOrleansPersistence
{
    public const string Sql = """
        CREATE TABLE OrleansStorage (
            ServiceId              text        NOT NULL,
            GrainTypeString        text        NOT NULL,
            GrainIdN0              bigint      NOT NULL,
            GrainIdN1              bigint      NOT NULL,
            GrainIdExtensionString text        NULL,
            GrainIdHash            integer     NOT NULL,
            GrainTypeHash          integer     NOT NULL,
            PayloadBinary          bytea       NULL,
            Version                integer     NOT NULL,
            ModifiedOn             timestamptz NOT NULL DEFAULT now()
        );
        CREATE UNIQUE INDEX ux_orleans_storage_grain ON OrleansStorage
            (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, (COALESCE('+' || GrainIdExtensionString, '')));

        CREATE FUNCTION orleans_next_state_version(version integer) RETURNS integer
            LANGUAGE sql IMMUTABLE AS $fn$ SELECT CASE WHEN version >= 2147483647 THEN 1 ELSE version + 1 END $fn$;

        -- First write (no expected version) inserts version 1 unless another activation got there first; later
        -- writes replace the payload only while the stored version is the one the grain last saw.
        CREATE FUNCTION orleans_storage_write(
            p_service_id text, p_grain_type text, p_n0 bigint, p_n1 bigint, p_extension text,
            p_grain_id_hash integer, p_grain_type_hash integer, p_expected_version integer, p_payload bytea)
        RETURNS integer LANGUAGE plpgsql AS $fn$
        DECLARE
            new_version integer;
        BEGIN
            IF p_expected_version IS NULL THEN
                INSERT INTO OrleansStorage
                    (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString, GrainIdHash, GrainTypeHash,
                     PayloadBinary, Version)
                VALUES
                    (p_service_id, p_grain_type, p_n0, p_n1, p_extension, p_grain_id_hash, p_grain_type_hash, p_payload, 1)
                ON CONFLICT DO NOTHING
                RETURNING Version INTO new_version;
            ELSE
                UPDATE OrleansStorage
                   SET PayloadBinary = p_payload, Version = orleans_next_state_version(Version), ModifiedOn = now(),
                       GrainIdHash = p_grain_id_hash, GrainTypeHash = p_grain_type_hash
                 WHERE ServiceId = p_service_id AND GrainTypeString = p_grain_type
                   AND GrainIdN0 = p_n0 AND GrainIdN1 = p_n1
                   AND COALESCE('+' || GrainIdExtensionString, '') = COALESCE('+' || p_extension, '')
                   AND Version = p_expected_version
                RETURNING Version INTO new_version;
            END IF;
            RETURN new_version;
        END
        $fn$;

        INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
        ('ReadFromStorageKey', $q$
            SELECT PayloadBinary, Version
              FROM OrleansStorage
             WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
               AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
               AND COALESCE('+' || GrainIdExtensionString, '') = COALESCE('+' || @GrainIdExtensionString, '')
        $q$),
        ('WriteToStorageKey', $q$
            SELECT orleans_storage_write(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
                                         @GrainIdHash, @GrainTypeHash, @GrainStateVersion, @PayloadBinary)
                   AS NewGrainStateVersion
        $q$),
        -- Clearing keeps the row with no payload and a new version, so a stale activation still fails its next write.
        ('ClearStorageKey', $q$
            UPDATE OrleansStorage
               SET PayloadBinary = NULL, Version = orleans_next_state_version(Version), ModifiedOn = now()
             WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
               AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
               AND COALESCE('+' || GrainIdExtensionString, '') = COALESCE('+' || @GrainIdExtensionString, '')
               AND Version = @GrainStateVersion
            RETURNING Version
        $q$),
        -- Used only with AdoNetGrainStorageOptions.DeleteStateOnClear; the provider expects a version different from
        -- the one it sent, and then forgets the etag.
        ('DeleteStorageKey', $q$
            DELETE FROM OrleansStorage
             WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
               AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
               AND COALESCE('+' || GrainIdExtensionString, '') = COALESCE('+' || @GrainIdExtensionString, '')
               AND Version = @GrainStateVersion
            RETURNING orleans_next_state_version(Version)
        $q$);
        """;
}
