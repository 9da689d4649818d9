-------------------------------------------------------------------------------
-- Applying
-------------------------------------------------------------------------------

-- The planner support function of both apply_rules: it estimates a call's rows as its source's,
-- and, being C, makes the planner load the library before it plans the call, so that the planner
-- hook which streams apply_rules in FROM (src/pg/apply_scan.c) is in place.
CREATE FUNCTION apply_rules_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;

COMMENT ON FUNCTION apply_rules_support(internal) IS
    'planner support of apply_rules: row estimate from the source';

CREATE FUNCTION apply_rules(rules rule_ir, source regclass, target anyelement,
                            log boolean DEFAULT true)
    RETURNS SETOF anyelement
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 1000
    SUPPORT apply_rules_support;

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

