-------------------------------------------------------------------------------
-- Applying by name
-------------------------------------------------------------------------------

-- resolve_rules through this backend's cache of resolutions (src/pg/program_cache.c), which every
-- change to rule_sets or rule_versions empties in every backend (the catalog_changed triggers).
CREATE FUNCTION resolve_rules_cached(rule_set text, version text DEFAULT NULL) RETURNS rule_ir
    AS 'MODULE_PATHNAME', 'resolve_rules_cached_sql' LANGUAGE C STABLE;

COMMENT ON FUNCTION resolve_rules_cached(text, text) IS
    'resolve_rules, answered from this backend''s cache while rule_sets and rule_versions do not change';

CREATE FUNCTION catalog_changed() RETURNS trigger
    AS 'MODULE_PATHNAME' LANGUAGE C;

COMMENT ON FUNCTION catalog_changed() IS
    'trigger of rule_sets and rule_versions: every change empties the resolution caches of every backend';

CREATE TRIGGER rule_sets_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rule_sets
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER rule_versions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rule_versions
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();

CREATE FUNCTION apply_rules(rule_set text, source regclass, target anyelement,
                            version text DEFAULT NULL, log boolean DEFAULT true)
    RETURNS SETOF anyelement
    AS 'MODULE_PATHNAME', 'apply_rules_by_name' LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 1000
    SUPPORT apply_rules_support;

COMMENT ON FUNCTION apply_rules(text, regclass, anyelement, text, boolean) IS
    'apply_rules with a rule set of the catalog by name (the tenant''s, else the built-in): its current version, or the one given';

CREATE FUNCTION preview_rules(rule_set text, source regclass, target regtype DEFAULT NULL,
                              version text DEFAULT NULL, max_rows bigint DEFAULT NULL)
    RETURNS TABLE (row_key text, rule_id text, field text, old_value text, new_value text,
                   action text, severity text, message text)
    LANGUAGE sql VOLATILE PARALLEL UNSAFE ROWS 1000
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT * FROM smart_rules.preview_rules(smart_rules.resolve_rules_cached($1, $4), $2, $3, $5)
    $$;

COMMENT ON FUNCTION preview_rules(text, regclass, regtype, text, bigint) IS
    'preview_rules with a rule set of the catalog by name: its current version, or the one given';

CREATE FUNCTION apply_rules_in_place(rule_set text, target regclass, version text DEFAULT NULL)
    RETURNS run_summary
    LANGUAGE sql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT smart_rules.apply_rules_in_place(smart_rules.resolve_rules_cached($1, $3), $2)
    $$;

COMMENT ON FUNCTION apply_rules_in_place(text, regclass, text) IS
    'apply_rules_in_place with a rule set of the catalog by name: its current version, or the one given';

CREATE FUNCTION enforce_rules() RETURNS trigger
    AS 'MODULE_PATHNAME' LANGUAGE C;

COMMENT ON FUNCTION enforce_rules() IS
    'trigger function: BEFORE INSERT OR UPDATE ... FOR EACH ROW EXECUTE FUNCTION smart_rules.enforce_rules(''rule_set''[, ''version'']); NEW is corrected, a rejected row is skipped, events are logged';

