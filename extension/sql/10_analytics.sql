-------------------------------------------------------------------------------
-- Analytics, retention and erasure: the indexes of correction_logs, the daily materialized
-- views for BI and each tenant's view of them (refreshed by src/pg/analytics.c), pg_partman
-- retention and maintenance, erase_subject (LGPD). docs/operations.md tells the DBA's side.
-------------------------------------------------------------------------------

-- Where pg_partman is installed (partman in the documented install; another schema with
-- CREATE EXTENSION smart_rules CASCADE).
CREATE FUNCTION partman_schema() RETURNS name
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
         WHERE e.extname = 'pg_partman'
    $$;

COMMENT ON FUNCTION partman_schema() IS 'the schema pg_partman is installed in';

-- correction_logs is read by run (what did run 42 do), and by time (a tenant's rows of a day,
-- of a rule over a week: the drill-down below the analytics views, which answer the questions
-- over longer periods). Two indexes: a btree on run_id, and a BRIN index on created_at. Rows are
-- appended in time order, so a summary of each 32 pages' times (autosummarized) finds a period's
-- pages at almost no cost to writing; the tenant and the rule are then checked in those pages.
-- A btree led by the time and holding tenant and rule answered a tenant's day by rule faster
-- (7 ms against 120-150 ms over 10M rows), but it made every logged row cost more to write than
-- the rest of logging together (performance.md, "Indexes of correction_logs"); indexes led by
-- tenant_id cost more still.
--
-- They are not indexes of the partitioned table but of each partition, and of pg_partman's
-- template table, which pg_partman copies into every partition it makes later. The reason is
-- pg_dump: the partitions are dumped with their indexes (04_logs_and_runs.sql), and an index of
-- the partitioned table (a member of the extension, made again by CREATE EXTENSION when the dump
-- is restored) would make the dump's ATTACH PARTITION create each partition's index before the
-- dump's own CREATE INDEX does ("already exists"). When a dump is being restored there is no
-- partition yet: the template alone gets them, the dump brings the partitions'.
DO $log_indexes$
DECLARE
    template regclass := format('%I.template_smart_rules_correction_logs',
                                smart_rules.partman_schema());
    definition text;
    relation regclass;
BEGIN
    FOREACH definition IN ARRAY ARRAY['(run_id)',
                                      'USING brin (created_at) WITH (pages_per_range = 32, autosummarize = on)']
    LOOP
        FOR relation IN
            SELECT template
            UNION ALL
            SELECT inhrelid::regclass FROM pg_catalog.pg_inherits
             WHERE inhparent = 'smart_rules.correction_logs'::regclass
        LOOP
            EXECUTE format('CREATE INDEX ON %s %s', relation, definition);
        END LOOP;
    END LOOP;
END
$log_indexes$;

-- Logs are written at now(): partitions are premade from the current time, not from the newest
-- row (pg_partman's default), so that a quiet month never leaves the next rows without a
-- partition, and a stray row in the default partition (a created_at years away) does not make
-- maintenance try to premake partitions around it. (A restore brings these settings with
-- pg_partman's configuration.)
DO $partman_settings$
BEGIN
    EXECUTE format('UPDATE %I.part_config SET infinite_time_partitions = true,'
                   ' ignore_default_data = true WHERE parent_table = %L',
                   smart_rules.partman_schema(), 'smart_rules.correction_logs');
END
$partman_settings$;

-------------------------------------------------------------------------------
-- Materialized views for BI
-------------------------------------------------------------------------------

-- Days are UTC days (created_at AT TIME ZONE 'UTC'), whatever the session's TimeZone. Materialized
-- views cannot have row level security: these two are readable only by the roles the DBA grants
-- SELECT (docs/operations.md); tenants read them through the my_ views below.
CREATE MATERIALIZED VIEW correction_stats_daily AS
SELECT tenant_id, (created_at AT TIME ZONE 'UTC')::date AS day, rule_set, version, rule_id, field,
       action, severity, count(*) AS events
  FROM correction_logs
 GROUP BY tenant_id, day, rule_set, version, rule_id, field, action, severity;

COMMENT ON MATERIALIZED VIEW correction_stats_daily IS
    'correction_logs counted per UTC day, tenant, rule set, version, rule, field, action and severity; refreshed by refresh_analytics()';
COMMENT ON COLUMN correction_stats_daily.rule_id IS 'null for values that did not convert (action coerce)';
COMMENT ON COLUMN correction_stats_daily.events IS 'rows of correction_logs';

-- The key REFRESH ... CONCURRENTLY needs (rule_id is null for coerce rows: NULLS NOT DISTINCT
-- keeps the key unique); it also serves a tenant's queries by day.
CREATE UNIQUE INDEX correction_stats_daily_key ON correction_stats_daily
    (tenant_id, day, rule_set, version, rule_id, field, action, severity) NULLS NOT DISTINCT;
-- Questions over every tenant, answered from the indexes alone (index-only scans): by period
-- ("the rules that corrected most in the last 30 days"), and by action and rule ("the rules that
-- corrected most", "a rule's corrections over time").
CREATE INDEX correction_stats_daily_day_idx ON correction_stats_daily (day)
    INCLUDE (rule_set, rule_id, action, events);
CREATE INDEX correction_stats_daily_rule_idx ON correction_stats_daily
    (action, rule_set, rule_id, day) INCLUDE (events);

CREATE MATERIALIZED VIEW rule_run_stats_daily AS
SELECT tenant_id, (started_at AT TIME ZONE 'UTC')::date AS day, rule_set, version,
       count(*) AS runs,
       sum(rows_in)::bigint AS rows_in,
       sum(rows_out)::bigint AS rows_out,
       sum(rows_changed)::bigint AS rows_changed,
       sum(corrections)::bigint AS corrections,
       sum(violations)::bigint AS violations,
       sum(rejected)::bigint AS rejected,
       round(sum(elapsed_ms::numeric), 3) AS total_ms,
       round(avg(elapsed_ms::numeric), 3) AS avg_ms,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY elapsed_ms)::numeric, 3) AS p95_ms,
       round(max(elapsed_ms)::numeric, 3) AS max_ms
  FROM rule_runs
 GROUP BY tenant_id, day, rule_set, version;

COMMENT ON MATERIALIZED VIEW rule_run_stats_daily IS
    'rule_runs summed per UTC day (of started_at), tenant, rule set and version; durations in milliseconds; refreshed by refresh_analytics()';

CREATE UNIQUE INDEX rule_run_stats_daily_key ON rule_run_stats_daily
    (tenant_id, day, rule_set, version) NULLS NOT DISTINCT;
CREATE INDEX rule_run_stats_daily_day_idx ON rule_run_stats_daily (day);

-- A tenant's own rows of each view. The views are the extension's: they read the materialized
-- views with its rights, so a role needs SELECT on them only. security_barrier: no function of
-- the caller's query sees a row of another tenant before the filter has run.
CREATE VIEW my_correction_stats_daily WITH (security_barrier) AS
SELECT tenant_id, day, rule_set, version, rule_id, field, action, severity, events
  FROM correction_stats_daily
 WHERE tenant_id = current_tenant();

COMMENT ON VIEW my_correction_stats_daily IS
    'the current tenant''s rows of correction_stats_daily (none when no tenant is set)';

CREATE VIEW my_rule_run_stats_daily WITH (security_barrier) AS
SELECT tenant_id, day, rule_set, version, runs, rows_in, rows_out, rows_changed, corrections,
       violations, rejected, total_ms, avg_ms, p95_ms, max_ms
  FROM rule_run_stats_daily
 WHERE tenant_id = current_tenant();

COMMENT ON VIEW my_rule_run_stats_daily IS
    'the current tenant''s rows of rule_run_stats_daily (none when no tenant is set)';

-- The last refresh, for every backend (smart_rules.analytics_refresh = an interval). One row,
-- written by refresh_analytics() as the owner; not dumped (a restore starts unrefreshed).
CREATE TABLE analytics_refresh_state (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    refreshed_at timestamptz,
    duration_ms double precision,
    refreshes bigint NOT NULL DEFAULT 0
);

INSERT INTO analytics_refresh_state DEFAULT VALUES;

COMMENT ON TABLE analytics_refresh_state IS
    'when the analytics views were last refreshed (start of the refresh), how long it took, how many refreshes so far';

CREATE FUNCTION refresh_analytics() RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION refresh_analytics() IS
    'refresh correction_stats_daily and rule_run_stats_daily (concurrently once populated), as their owner; false when another transaction is refreshing them';

-------------------------------------------------------------------------------
-- Retention and maintenance
-------------------------------------------------------------------------------

-- pg_partman drops (not detaches, not empties) the partitions of correction_logs that lie
-- entirely before now() - keep, when its maintenance runs. Null: keep everything. The interval is
-- stored as text in pg_partman's configuration, in the same style whatever the session's.
CREATE FUNCTION set_retention(keep interval) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET IntervalStyle = postgres
    AS $$
DECLARE
    registered bigint;
BEGIN
    IF keep <= interval '0' THEN
        RAISE EXCEPTION 'retention must be a positive interval'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'pass null to keep the logs forever';
    END IF;
    EXECUTE format('UPDATE %I.part_config SET retention = $1, retention_keep_table = false,'
                   ' retention_schema = NULL WHERE parent_table = %L',
                   smart_rules.partman_schema(), 'smart_rules.correction_logs')
        USING keep::text;
    GET DIAGNOSTICS registered = ROW_COUNT;
    IF registered = 0 THEN
        RAISE EXCEPTION 'smart_rules.correction_logs is not registered with pg_partman'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
END
$$;

COMMENT ON FUNCTION set_retention(interval) IS
    'keep correction_logs for this long: pg_partman''s maintenance drops older monthly partitions (null: keep forever)';

-- pg_partman's maintenance of correction_logs (premake partitions, drop those past the
-- retention), as the owner, then the analytics refresh (src/pg/analytics.c).
CREATE FUNCTION run_maintenance(refresh boolean DEFAULT true) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION run_maintenance(boolean) IS
    'pg_partman maintenance of correction_logs (new partitions, retention), then refresh_analytics() unless refresh is false; returns whether the views were refreshed';

-------------------------------------------------------------------------------
-- LGPD: erasure
-------------------------------------------------------------------------------

-- Deletes the current tenant's log rows of one source row, in every partition. Runs as the
-- owner of correction_logs (callers cannot delete from it); the tenant is required, so no tenant
-- can erase another's rows. The views keep only counts (no row_key, no values).
CREATE FUNCTION erase_subject(row_key text) RETURNS bigint
    LANGUAGE plpgsql STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    tenant text := smart_rules.require_tenant();
    erased bigint;
BEGIN
    DELETE FROM smart_rules.correction_logs l
     WHERE l.tenant_id = tenant AND l.row_key = erase_subject.row_key;
    GET DIAGNOSTICS erased = ROW_COUNT;
    RETURN erased;
END
$$;

COMMENT ON FUNCTION erase_subject(text) IS
    'delete the current tenant''s correction_logs rows of this row_key in every partition (LGPD erasure); returns how many; 42501 without a tenant';

-- Refreshing, maintenance and erasure are for the roles the DBA grants them to.
REVOKE EXECUTE ON FUNCTION refresh_analytics(), set_retention(interval), run_maintenance(boolean),
    erase_subject(text) FROM PUBLIC;
