-- smart_rules install script (current version; the Makefile copies it to smart_rules--<version>.sql).
-- Objects are created in the extension's schema, smart_rules (see smart_rules.control).

\echo Use "CREATE EXTENSION smart_rules" to load this file. \quit

-------------------------------------------------------------------------------
-- The rule_ir type: a compiled rule set
-------------------------------------------------------------------------------

CREATE TYPE rule_ir;

CREATE FUNCTION rule_ir_in(cstring) RETURNS rule_ir
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION rule_ir_out(rule_ir) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION rule_ir_recv(internal) RETURNS rule_ir
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION rule_ir_send(rule_ir) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Variable length; EXTENDED storage lets large programs be compressed and moved out of line.
CREATE TYPE rule_ir (
    INPUT = rule_ir_in,
    OUTPUT = rule_ir_out,
    RECEIVE = rule_ir_recv,
    SEND = rule_ir_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = extended
);

COMMENT ON TYPE rule_ir IS
    'a compiled rule set (from compile_rules); text form is JSON, input accepts it back';
COMMENT ON FUNCTION rule_ir_in(cstring) IS
    'input function of rule_ir: the JSON form of a compiled rule set';
COMMENT ON FUNCTION rule_ir_out(rule_ir) IS
    'output function of rule_ir: the JSON form of a compiled rule set';
COMMENT ON FUNCTION rule_ir_recv(internal) IS
    'binary input function of rule_ir: the compact binary form, verified before it is accepted';
COMMENT ON FUNCTION rule_ir_send(rule_ir) IS
    'binary output function of rule_ir: the compact binary form';

CREATE FUNCTION rule_ir_to_jsonb(rule_ir) RETURNS jsonb
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION rule_ir_to_jsonb(rule_ir) IS
    'the JSON form of a compiled rule set as jsonb (the cast rule_ir::jsonb)';

-- AS ASSIGNMENT: a rule_ir can be stored into a jsonb column directly, as it can into a text one.
CREATE CAST (rule_ir AS jsonb) WITH FUNCTION rule_ir_to_jsonb(rule_ir) AS ASSIGNMENT;

-------------------------------------------------------------------------------
-- Compiling
-------------------------------------------------------------------------------

CREATE FUNCTION compile_rules(source text) RETURNS rule_ir
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION compile_rules(text) IS
    'compile a YAML rule set into rule_ir; raises the first error (SQLSTATE, location in DETAIL, advice in HINT)';

CREATE FUNCTION validate_rules(source text)
    RETURNS TABLE (line int, col int, rule_id text, severity text, message text,
                   sqlstate text, hint text)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION validate_rules(text) IS
    'every problem of a YAML rule set (position, rule, severity, message, SQLSTATE, hint), ordered by position; no rows means the rule set is valid';

CREATE FUNCTION explain_rules(rules rule_ir) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION explain_rules(rule_ir) IS
    'the compiled plan of a rule set, readable: rules, fields read and written, kernels chosen';

-------------------------------------------------------------------------------
-- Tenancy
-------------------------------------------------------------------------------

-- The GUC smart_rules.tenant is defined by the module (USERSET); unset and empty both mean none.
CREATE FUNCTION current_tenant() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(pg_catalog.current_setting('smart_rules.tenant', true), '') $$;

COMMENT ON FUNCTION current_tenant() IS
    'the tenant selected with SET [LOCAL] smart_rules.tenant, or null when none is set';

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
    tenant_id text,
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
COMMENT ON COLUMN rule_runs.tenant_id IS 'smart_rules.tenant when the run started (null: none)';
COMMENT ON COLUMN rule_runs.source IS 'the relation read, schema-qualified';
COMMENT ON COLUMN rule_runs.rows_changed IS 'rows with at least one correction';
COMMENT ON COLUMN rule_runs.violations IS 'flags and values that did not convert to their column''s type';
COMMENT ON COLUMN rule_runs.per_rule IS
    'for each rule, in order: {"rule_id", "fired", "changed", "violations", "rejected", "ms"}';

-- Every correction, violation, rejection and failed conversion of every logged run, partitioned
-- by month (pg_partman) so that retention drops whole partitions.
CREATE TABLE correction_logs (
    tenant_id text,
    run_id bigint NOT NULL,
    rule_set text NOT NULL,
    version text NOT NULL,
    rule_id text,
    row_key text NOT NULL,
    field text NOT NULL,
    old_value text,
    new_value text,
    action text NOT NULL CHECK (action IN ('correct', 'flag', 'reject', 'coerce')),
    severity text NOT NULL,
    message text,
    created_at timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (created_at);

CREATE INDEX correction_logs_run_id_idx ON correction_logs (run_id);

COMMENT ON TABLE correction_logs IS
    'what each logged run changed or found, row by row; partitioned by month on created_at (pg_partman)';
COMMENT ON COLUMN correction_logs.rule_id IS 'the rule; null for a value that did not convert (action coerce)';
COMMENT ON COLUMN correction_logs.row_key IS
    'the source row: its primary key (columns joined by ","), else ctid, partition:ctid, or its ordinal in the run (a view)';
COMMENT ON COLUMN correction_logs.old_value IS 'the value before the rule; ''sha256:'' || hex digest for a pii field';
COMMENT ON COLUMN correction_logs.new_value IS 'the value after the rule; ''sha256:'' || hex digest for a pii field';
COMMENT ON COLUMN correction_logs.action IS 'correct, flag, reject or coerce (a value that did not convert)';

-- pg_partman 4.x manages the monthly partitions (premade ahead, plus a default partition). Its
-- schema is wherever it was installed (partman in the documented install, the extension's own
-- with CREATE EXTENSION smart_rules CASCADE), so it is looked up and called dynamically. A
-- registration left behind by an earlier install of this extension (DROP EXTENSION drops the
-- table, not pg_partman's row) is removed first. create_parent runs through a helper that undoes
-- the session-level search_path it would otherwise leave behind (see install_support.c).
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
           AND r.tenant_id IS NOT DISTINCT FROM smart_rules.current_tenant()
    $$;

COMMENT ON FUNCTION run_summary(bigint) IS
    'the figures of a run from rule_runs (of the current tenant, or without tenant when none is set); null when there is no such run';

CREATE FUNCTION last_run_id() RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL RESTRICTED;

COMMENT ON FUNCTION last_run_id() IS
    'the run id of this session''s most recent apply_rules or apply_rules_in_place call; null when there was none or it ran with log => false';

-------------------------------------------------------------------------------
-- Applying
-------------------------------------------------------------------------------

CREATE FUNCTION apply_rules(rules rule_ir, source regclass, target anyelement,
                            log boolean DEFAULT true)
    RETURNS SETOF anyelement
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 1000;

COMMENT ON FUNCTION apply_rules(rule_ir, regclass, anyelement, boolean) IS
    'apply a compiled rule set to every row of source (with the caller''s privileges and RLS); returns the kept rows shaped as target''s row type (pass NULL::my_table); with log, events go to correction_logs and the run to rule_runs';

CREATE FUNCTION preview_rules(rules rule_ir, source regclass, target regtype DEFAULT NULL,
                              max_rows bigint DEFAULT NULL)
    RETURNS TABLE (row_key text, rule_id text, field text, old_value text, new_value text,
                   action text, severity text, message text)
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 1000;

COMMENT ON FUNCTION preview_rules(rule_ir, regclass, regtype, bigint) IS
    'dry run: every event apply_rules with the same arguments would log (at most max_rows source rows read); nothing is written';

CREATE FUNCTION apply_rules_in_place(rules rule_ir, target regclass) RETURNS run_summary
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION apply_rules_in_place(rule_ir, regclass) IS
    'correct a table''s rows where they stand (rejected rows are deleted); logged like apply_rules; returns the run''s figures';
