-------------------------------------------------------------------------------
-- Logs and runs
-------------------------------------------------------------------------------

CREATE TYPE run_summary AS (
    run_id bigint,
    rows_in bigint,
    rows_out bigint,
    rows_changed bigint,
    corrections bigint,
    violations bigint,
    rejected bigint,
    elapsed_ms double precision
);

COMMENT ON TYPE run_summary IS
    'the figures of one run: rows read, kept, changed (with at least one correction) and rejected, corrections, violations, time';

-- One row per logged call of apply_rules or apply_rules_in_place, written when the call ends.
CREATE TABLE rule_runs (
    run_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id text NOT NULL,
    rule_set text NOT NULL,
    version text NOT NULL,
    source text NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    rows_in bigint NOT NULL,
    rows_out bigint NOT NULL,
    rows_changed bigint NOT NULL,
    corrections bigint NOT NULL,
    violations bigint NOT NULL,
    rejected bigint NOT NULL,
    elapsed_ms double precision NOT NULL,
    per_rule jsonb NOT NULL
);

COMMENT ON TABLE rule_runs IS
    'one row per logged run of a rule set (apply_rules with log => true, apply_rules_in_place)';
COMMENT ON COLUMN rule_runs.tenant_id IS 'smart_rules.tenant when the run started (a logged run needs one)';
COMMENT ON COLUMN rule_runs.source IS 'the relation read, schema-qualified';
COMMENT ON COLUMN rule_runs.rows_changed IS 'rows with at least one correction';
COMMENT ON COLUMN rule_runs.violations IS 'flags and values that did not convert to their column''s type';
COMMENT ON COLUMN rule_runs.per_rule IS
    'for each rule, in order: {"rule_id", "fired", "changed", "violations", "rejected", "ms"}';

-- Every correction, violation, rejection and failed conversion of every logged run, partitioned
-- by month (pg_partman) so that retention drops whole partitions.
-- Identifiers compare byte by byte (COLLATE "C"): their indexes, written for every log row and
-- read by the analytics views, then compare with memcmp instead of the locale's rules (in a
-- C.UTF-8 or en_US database, strcoll made logging about twice as slow).
CREATE TABLE correction_logs (
    tenant_id text COLLATE "C" NOT NULL,
    run_id bigint NOT NULL,
    rule_set text COLLATE "C" NOT NULL,
    version text COLLATE "C" NOT NULL,
    rule_id text COLLATE "C",
    row_key text NOT NULL,
    field text COLLATE "C" NOT NULL,
    old_value text,
    new_value text,
    action text COLLATE "C" NOT NULL CHECK (action IN ('correct', 'flag', 'reject', 'coerce')),
    severity text COLLATE "C" NOT NULL,
    message text,
    created_at timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (created_at);

-- Its indexes (by run; by time, tenant and rule) are on each partition, made through
-- pg_partman's template table: see 10_analytics.sql.

COMMENT ON TABLE correction_logs IS
    'what each logged run changed or found, row by row; partitioned by month on created_at (pg_partman)';
COMMENT ON COLUMN correction_logs.rule_id IS 'the rule; null for a value that did not convert (action coerce)';
COMMENT ON COLUMN correction_logs.row_key IS
    'the source row: its primary key (columns joined by ","), else ctid, partition:ctid, or its ordinal in the run (a view)';
COMMENT ON COLUMN correction_logs.old_value IS 'the value before the rule; ''sha256:'' || hex digest for a pii field';
COMMENT ON COLUMN correction_logs.new_value IS 'the value after the rule; ''sha256:'' || hex digest for a pii field';
COMMENT ON COLUMN correction_logs.action IS 'correct, flag, reject or coerce (a value that did not convert)';

-- Both tables hold tenant data: a role reads only its current tenant's rows (none with no tenant
-- set). Rows are written by the extension's code as the tables' owner, for the current tenant
-- (a logged run refuses to start without one); no role but the owner has INSERT. The policies
-- on correction_logs hold for queries through the parent; its partitions carry no grants.
ALTER TABLE rule_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE rule_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY rule_runs_read ON rule_runs FOR SELECT USING (tenant_id = current_tenant());
CREATE POLICY rule_runs_insert ON rule_runs FOR INSERT WITH CHECK (tenant_id = current_tenant());

ALTER TABLE correction_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE correction_logs FORCE ROW LEVEL SECURITY;
CREATE POLICY correction_logs_read ON correction_logs FOR SELECT
    USING (tenant_id = current_tenant());
CREATE POLICY correction_logs_insert ON correction_logs FOR INSERT
    WITH CHECK (tenant_id = current_tenant());

CREATE INDEX rule_runs_tenant_id_idx ON rule_runs (tenant_id, run_id);

-- pg_partman 4.x manages the monthly partitions (premade ahead, plus a default partition). Its
-- schema is wherever it was installed (partman in the documented install, the extension's own
-- with CREATE EXTENSION smart_rules CASCADE), so it is looked up and called dynamically. A
-- registration left behind by an earlier install of this extension (DROP EXTENSION drops the
-- table, not pg_partman's row) is removed first. create_parent runs through a helper that undoes
-- the session-level search_path it would otherwise leave behind (see install_support.c).
--
-- Restoring a dump: the partitions are dumped (see below), and so is pg_partman's registration
-- (part_config is pg_partman's configuration table), so when this script runs for a restore it
-- must make neither, or the dump's CREATE TABLE, ATTACH PARTITION and COPY would fail ("already
-- exists"). pg_dump and pg_restore run with row_security off (unless told
-- --enable-row-security), which nothing else installing this extension does: then only
-- pg_partman's template table for the partitions is made, under the name create_parent gives it
-- (a member of this extension, never dumped).
CREATE FUNCTION execute_keeping_settings(statement text) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;

DO $partman$
DECLARE
    partman_schema name;
    partition regclass;
BEGIN
    SELECT n.nspname INTO STRICT partman_schema
      FROM pg_catalog.pg_extension e
      JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_partman';
    EXECUTE format('DELETE FROM %I.part_config WHERE parent_table = %L', partman_schema,
                   'smart_rules.correction_logs');
    IF pg_catalog.current_setting('row_security') = 'off' THEN
        EXECUTE format('CREATE TABLE %I.template_smart_rules_correction_logs'
                       ' (LIKE smart_rules.correction_logs)', partman_schema);
        RETURN;
    END IF;
    PERFORM smart_rules.execute_keeping_settings(
        format('SELECT %I.create_parent(%L, %L, %L, %L)', partman_schema,
               'smart_rules.correction_logs', 'created_at', 'native', 'monthly'));
    -- The partitions are data, like those pg_partman makes later: not members of the extension,
    -- so that retention can drop them and pg_dump keeps them with their rows.
    FOR partition IN
        SELECT inhrelid::regclass FROM pg_catalog.pg_inherits
         WHERE inhparent = 'smart_rules.correction_logs'::regclass
    LOOP
        EXECUTE format('ALTER EXTENSION smart_rules DROP TABLE %s', partition);
    END LOOP;
END
$partman$;

DROP FUNCTION execute_keeping_settings(text);

-- pg_dump keeps the data of both tables (and where run ids left off; the rows of
-- correction_logs live in its partitions, which pg_dump dumps as the ordinary tables they are).
SELECT pg_catalog.pg_extension_config_dump('rule_runs', '');
SELECT pg_catalog.pg_extension_config_dump('rule_runs_run_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('correction_logs', '');

CREATE FUNCTION run_summary(run_id bigint) RETURNS run_summary
    LANGUAGE sql STABLE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT r.run_id, r.rows_in, r.rows_out, r.rows_changed, r.corrections, r.violations,
               r.rejected, r.elapsed_ms
          FROM smart_rules.rule_runs r
         WHERE r.run_id = $1
           AND r.tenant_id = smart_rules.current_tenant()
    $$;

COMMENT ON FUNCTION run_summary(bigint) IS
    'the figures of a run from rule_runs (of the current tenant); null when there is no such run or no tenant is set';

CREATE FUNCTION last_run_id() RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL RESTRICTED;

COMMENT ON FUNCTION last_run_id() IS
    'the run id of this session''s most recent apply_rules or apply_rules_in_place call; null when there was none or it ran with log => false';

