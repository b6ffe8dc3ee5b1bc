namespace Telephony.Storage.Migrations;

/// <summary>
/// What Microsoft.Orleans.Clustering.AdoNet 10.4.x reads: the <c>OrleansQuery</c> table (the provider loads every row at
/// start and refuses to run if a key it needs is missing), the membership version row per cluster and one row per silo.
/// </summary>
/// <remarks>
/// The contract, from the provider: parameters are bound by name without a prefix (<c>DeploymentId</c> is the cluster id,
/// <c>Address</c> text, <c>Port</c>/<c>Generation</c>/<c>Status</c>/<c>ProxyPort</c>/<c>Version</c> int4, times as UTC
/// timestamptz); result columns are read by name (Npgsql matches the lower-cased names case-insensitively); the
/// insert/update/version queries must return one row of one column that converts to a boolean.
/// Unquoted identifiers: the provider's own <c>SELECT QueryKey, QueryText FROM OrleansQuery</c> is unquoted too.
/// </remarks>
internal static class PostgresOrleansClustering
{
    public const string Sql = """
        CREATE TABLE OrleansQuery (
            QueryKey  varchar(64) NOT NULL PRIMARY KEY,
            QueryText text        NOT NULL
        );

        -- One row per cluster; Version is the membership table's etag, bumped by every insert or update of a silo row.
        CREATE TABLE OrleansMembershipVersionTable (
            DeploymentId text        NOT NULL PRIMARY KEY,
            Version      integer     NOT NULL DEFAULT 0,
            Timestamp    timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE OrleansMembershipTable (
            DeploymentId text        NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE,
            Address      text        NOT NULL,
            Port         integer     NOT NULL,
            Generation   integer     NOT NULL,
            SiloName     text        NOT NULL,
            HostName     text        NOT NULL,
            Status       integer     NOT NULL,
            ProxyPort    integer     NOT NULL DEFAULT 0,
            SuspectTimes text        NULL,
            StartTime    timestamptz NOT NULL,
            IAmAliveTime timestamptz NOT NULL,
            PRIMARY KEY (DeploymentId, Address, Port, Generation)
        );

        -- Inserting or updating a silo and bumping the table version must be one step that fails as a whole when the
        -- caller's version is stale. The version row is locked first (until the end of the transaction), so a
        -- concurrent change waits here and then sees the new version (READ COMMITTED re-reads a locked row): no silo
        -- row is ever written without its version bump.
        CREATE FUNCTION orleans_membership_claim_version(p_deployment_id text, p_expected_version integer)
        RETURNS boolean LANGUAGE plpgsql AS $fn$
        BEGIN
            PERFORM 1 FROM OrleansMembershipVersionTable
             WHERE DeploymentId = p_deployment_id AND Version = p_expected_version
               FOR UPDATE;
            RETURN FOUND;
        END
        $fn$;

        CREATE FUNCTION orleans_membership_bump_version(p_deployment_id text)
        RETURNS void LANGUAGE sql AS $fn$
            UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = now()
             WHERE DeploymentId = p_deployment_id
        $fn$;

        CREATE FUNCTION orleans_membership_insert(
            p_deployment_id text, p_address text, p_port integer, p_generation integer, p_silo_name text,
            p_host_name text, p_status integer, p_proxy_port integer, p_start_time timestamptz,
            p_i_am_alive_time timestamptz, p_expected_version integer)
        RETURNS boolean LANGUAGE plpgsql AS $fn$
        BEGIN
            IF NOT orleans_membership_claim_version(p_deployment_id, p_expected_version) THEN
                RETURN false;
            END IF;

            INSERT INTO OrleansMembershipTable
                (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
            VALUES
                (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
                 p_start_time, p_i_am_alive_time)
            ON CONFLICT DO NOTHING;
            IF NOT FOUND THEN
                RETURN false;
            END IF;

            PERFORM orleans_membership_bump_version(p_deployment_id);
            RETURN true;
        END
        $fn$;

        CREATE FUNCTION orleans_membership_update(
            p_deployment_id text, p_address text, p_port integer, p_generation integer, p_status integer,
            p_suspect_times text, p_i_am_alive_time timestamptz, p_expected_version integer)
        RETURNS boolean LANGUAGE plpgsql AS $fn$
        BEGIN
            IF NOT orleans_membership_claim_version(p_deployment_id, p_expected_version) THEN
                RETURN false;
            END IF;

            UPDATE OrleansMembershipTable
               SET Status = p_status, SuspectTimes = p_suspect_times, IAmAliveTime = p_i_am_alive_time
             WHERE DeploymentId = p_deployment_id AND Address = p_address AND Port = p_port AND Generation = p_generation;
            IF NOT FOUND THEN
                RETURN false;
            END IF;

            PERFORM orleans_membership_bump_version(p_deployment_id);
            RETURN true;
        END
        $fn$;

        INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
        ('InsertMembershipVersionKey', $q$
            WITH created AS (
                INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
                ON CONFLICT (DeploymentId) DO NOTHING
                RETURNING 1
            )
            SELECT count(*) > 0 AS Created FROM created
        $q$),
        ('InsertMembershipKey', $q$
            SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                             @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS Inserted
        $q$),
        ('UpdateMembershipKey', $q$
            SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status,
                                             @SuspectTimes, @IAmAliveTime, @Version) AS Updated
        $q$),
        -- The liveness heartbeat is not versioned: it never changes who is in the cluster.
        ('UpdateIAmAlivetimeKey', $q$
            UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime
             WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
        $q$),
        -- Both reads start from the version row so that an empty cluster still returns its version (one row whose
        -- silo columns are NULL: the provider takes a NULL StartTime as "no silo here").
        ('MembershipReadRowKey', $q$
            SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
                   m.SuspectTimes, m.StartTime, m.IAmAliveTime
              FROM OrleansMembershipVersionTable v
              LEFT JOIN OrleansMembershipTable m
                ON m.DeploymentId = v.DeploymentId
               AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
             WHERE v.DeploymentId = @DeploymentId
        $q$),
        ('MembershipReadAllKey', $q$
            SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
                   m.SuspectTimes, m.StartTime, m.IAmAliveTime
              FROM OrleansMembershipVersionTable v
              LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
             WHERE v.DeploymentId = @DeploymentId
        $q$),
        ('GatewaysQueryKey', $q$
            SELECT Address, ProxyPort, Generation
              FROM OrleansMembershipTable
             WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0
        $q$),
        -- The silo rows go with their version row (ON DELETE CASCADE).
        ('DeleteMembershipTableEntriesKey', $q$
            DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId
        $q$),
        -- Bulk clean-up, used only when the per-row query below is absent: dead silos (status 6) not heard of since the cut-off.
        ('CleanupDefunctSiloEntriesKey', $q$
            DELETE FROM OrleansMembershipTable
             WHERE DeploymentId = @DeploymentId AND Status = 6 AND IAmAliveTime < @IAmAliveTime
        $q$),
        -- Per-row clean-up (optional key, preferred by 10.4.x): the provider has read the row and judged it defunct;
        -- it is deleted only if nothing changed since, so a silo row updated in between survives.
        ('CleanupDefunctSiloEntryKey', $q$
            DELETE FROM OrleansMembershipTable
             WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
               AND Status = 6 AND StartTime = @StartTime AND IAmAliveTime = @IAmAliveTime
               AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '')
        $q$);
        """;
}
