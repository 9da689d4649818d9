-------------------------------------------------------------------------------
-- Catalog and versions
-------------------------------------------------------------------------------

-- Rule sets and their versions belong to a tenant (tenant_id = smart_rules.tenant when the row
-- was written). Built-in rule sets, shared by every tenant, have tenant_id '*': everyone reads
-- them, nobody writes them through the policies. The functions below are SECURITY INVOKER: the
-- caller's grants and the row level security policies decide (docs/operations.md).
CREATE TABLE rule_sets (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id text NOT NULL DEFAULT current_tenant(),
    name text NOT NULL,
    marketplace text,
    description text,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT current_user,
    UNIQUE (tenant_id, name),
    UNIQUE (id, tenant_id)      -- the target of rule_versions' foreign key
);

COMMENT ON TABLE rule_sets IS
    'named rule sets of each tenant (tenant_id ''*'': built-in, shared read-only); versions in rule_versions';

CREATE TABLE rule_versions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_set_id bigint NOT NULL,
    tenant_id text NOT NULL DEFAULT current_tenant(),
    version text NOT NULL,
    source text NOT NULL,
    ir rule_ir NOT NULL,
    checksum text NOT NULL,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'deprecated')),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT current_user,
    published_at timestamptz,
    published_by text,
    UNIQUE (rule_set_id, version),
    -- A version belongs to its rule set's tenant: no tenant can attach one to another's set
    -- (foreign key checks do not see row level security) or to a built-in one.
    FOREIGN KEY (rule_set_id, tenant_id) REFERENCES rule_sets (id, tenant_id)
);

CREATE INDEX rule_versions_tenant_id_idx ON rule_versions (tenant_id);

COMMENT ON TABLE rule_versions IS
    'the versions of each rule set: YAML source, compiled rule_ir, status draft -> published -> deprecated; a published version never changes';
COMMENT ON COLUMN rule_versions.checksum IS 'hex SHA-256 of source';

-- Reads: the current tenant's rows and the built-ins. Writes: the current tenant's rows only.
SELECT secure_tenant_table('rule_sets');
SELECT secure_tenant_table('rule_versions');

-- pg_dump keeps the users' rule sets and versions; the built-ins come with the install script.
SELECT pg_catalog.pg_extension_config_dump('rule_sets', 'WHERE tenant_id <> ''*''');
SELECT pg_catalog.pg_extension_config_dump('rule_sets_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('rule_versions', 'WHERE tenant_id <> ''*''');
SELECT pg_catalog.pg_extension_config_dump('rule_versions_id_seq', '');

-- A published or deprecated version is immutable: only its status may move forward
-- (published -> deprecated) and its published_at/published_by be set by that move; it cannot
-- be deleted either (only a draft can).
CREATE FUNCTION rule_versions_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'version % is %: it cannot be deleted', OLD.version, OLD.status
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'deprecate it instead';
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.rule_set_id <> OLD.rule_set_id OR NEW.tenant_id <> OLD.tenant_id THEN
        RAISE EXCEPTION 'a version cannot move to another rule set or tenant'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF NOT (OLD.status = NEW.status
            OR (OLD.status = 'draft' AND NEW.status = 'published')
            OR (OLD.status = 'published' AND NEW.status = 'deprecated')) THEN
        RAISE EXCEPTION 'version % cannot go from % to %', OLD.version, OLD.status, NEW.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'a version goes draft -> published -> deprecated; publish a new version to roll back';
    END IF;
    IF OLD.status <> 'draft'
       AND (NEW.version <> OLD.version OR NEW.source <> OLD.source OR NEW.checksum <> OLD.checksum
            OR NEW.ir::text <> OLD.ir::text OR NEW.created_at <> OLD.created_at
            OR NEW.created_by <> OLD.created_by) THEN
        RAISE EXCEPTION 'version % is %: its version, source and rules cannot change', OLD.version, OLD.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'add and publish a new version instead';
    END IF;
    IF OLD.status <> 'draft'
       AND (NEW.published_at IS DISTINCT FROM OLD.published_at
            OR NEW.published_by IS DISTINCT FROM OLD.published_by) THEN
        RAISE EXCEPTION 'version % is %: when and by whom it was published cannot change', OLD.version, OLD.status
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER rule_versions_guard BEFORE UPDATE OR DELETE ON rule_versions
    FOR EACH ROW EXECUTE FUNCTION rule_versions_guard();

COMMENT ON FUNCTION rule_versions_guard() IS
    'trigger of rule_versions: a published or deprecated version never changes nor goes away, a status only moves draft -> published -> deprecated';

-- The id of the rule set called name: the current tenant's, else the built-in one. With
-- for_write, only the tenant's own (a built-in is read-only).
CREATE FUNCTION resolve_rule_set(name text, for_write boolean DEFAULT false) RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    found_id bigint;
    found_tenant text;
BEGIN
    IF name IS NULL THEN
        RAISE EXCEPTION 'rule_set must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF for_write THEN
        PERFORM smart_rules.require_tenant();
    END IF;
    SELECT s.id, s.tenant_id INTO found_id, found_tenant
      FROM smart_rules.rule_sets s
     WHERE s.name = resolve_rule_set.name
       AND (s.tenant_id = smart_rules.current_tenant() OR s.tenant_id = '*')
     ORDER BY s.tenant_id = '*'
     LIMIT 1;
    IF found_id IS NULL THEN
        RAISE EXCEPTION 'rule set "%" does not exist', name
            USING ERRCODE = 'undefined_object',
                  HINT = CASE WHEN smart_rules.current_tenant() IS NULL
                              THEN 'no tenant is selected: only built-in rule sets are visible'
                              ELSE 'create it with smart_rules.create_rule_set(name)' END;
    END IF;
    IF for_write AND found_tenant = '*' THEN
        RAISE EXCEPTION 'rule set "%" is built in and cannot be changed', name
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'create a rule set of your own with smart_rules.create_rule_set(name)';
    END IF;
    RETURN found_id;
END
$$;

COMMENT ON FUNCTION resolve_rule_set(text, boolean) IS
    'the id of a rule set by name: the current tenant''s, else the built-in one (for_write: only the tenant''s own)';

-- SemVer 2.0.0 precedence: -1, 0 or 1 as a is lower than, equal to or higher than b. Build
-- metadata is ignored; a pre-release is lower than its release; pre-release identifiers compare
-- numerically when both are numeric, a numeric one is lower than an alphanumeric one, others
-- compare by ASCII; a shorter list of equal leading identifiers is lower.
CREATE FUNCTION semver_compare(a text, b text) RETURNS integer
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    pattern constant text :=
        '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$';
    pa text[] := regexp_match(a, pattern);
    pb text[] := regexp_match(b, pattern);
    ia text[];
    ib text[];
    x text;
    y text;
BEGIN
    IF pa IS NULL OR pb IS NULL THEN
        RAISE EXCEPTION '"%" is not a semantic version', CASE WHEN pa IS NULL THEN a ELSE b END
            USING ERRCODE = 'invalid_parameter_value', HINT = 'write MAJOR.MINOR.PATCH, such as 1.4.0';
    END IF;
    FOR i IN 1..3 LOOP
        IF pa[i]::numeric <> pb[i]::numeric THEN
            RETURN sign(pa[i]::numeric - pb[i]::numeric)::integer;
        END IF;
    END LOOP;
    IF pa[4] IS NULL OR pb[4] IS NULL THEN
        RETURN CASE WHEN pa[4] IS NULL AND pb[4] IS NULL THEN 0 WHEN pa[4] IS NULL THEN 1 ELSE -1 END;
    END IF;
    ia := string_to_array(pa[4], '.');
    ib := string_to_array(pb[4], '.');
    FOR i IN 1..least(cardinality(ia), cardinality(ib)) LOOP
        x := ia[i];
        y := ib[i];
        CONTINUE WHEN x = y;
        IF x ~ '^[0-9]+$' AND y ~ '^[0-9]+$' THEN
            RETURN sign(x::numeric - y::numeric)::integer;
        ELSIF x ~ '^[0-9]+$' THEN
            RETURN -1;
        ELSIF y ~ '^[0-9]+$' THEN
            RETURN 1;
        ELSE
            RETURN CASE WHEN x COLLATE "C" < y COLLATE "C" THEN -1 ELSE 1 END;
        END IF;
    END LOOP;
    RETURN sign(cardinality(ia) - cardinality(ib))::integer;
END
$$;

COMMENT ON FUNCTION semver_compare(text, text) IS
    'SemVer 2.0.0 precedence of a against b: -1 lower, 0 equal, 1 higher (build metadata ignored)';

-- The rules of a compiled rule set as jsonb keyed by rule id, without where they were written
-- (line and column of the rule and of its actions), so that moving a rule in the YAML is not a
-- change. See docs/ir-format.md for the shape.
CREATE FUNCTION rules_by_id(ir rule_ir) RETURNS TABLE (rule_id text, rule jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT r->>'id',
               (r - 'line' - 'column' - 'id')
               || jsonb_build_object('do',
                      coalesce((SELECT jsonb_agg(a - 'line' - 'column' ORDER BY n)
                                  FROM jsonb_array_elements(r->'do') WITH ORDINALITY x(a, n)),
                               '[]'::jsonb))
          FROM jsonb_array_elements(($1::jsonb)->'rules') AS r
    $$;

COMMENT ON FUNCTION rules_by_id(rule_ir) IS
    'the rules of a compiled rule set by id, without source positions (what diff_versions compares)';

-- What changed from one compiled rule set to another, rule by rule, ordered by rule id: 'added'
-- and 'removed' (detail: {"field"}) and 'changed' (detail: {"keys": the keys that differ}).
CREATE FUNCTION rule_changes(from_ir rule_ir, to_ir rule_ir)
    RETURNS TABLE (rule_id text, change text, detail jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT coalesce(o.rule_id, n.rule_id),
               CASE WHEN o.rule_id IS NULL THEN 'added'
                    WHEN n.rule_id IS NULL THEN 'removed'
                    ELSE 'changed' END,
               CASE WHEN o.rule_id IS NULL THEN jsonb_build_object('field', n.rule->'field')
                    WHEN n.rule_id IS NULL THEN jsonb_build_object('field', o.rule->'field')
                    ELSE jsonb_build_object('keys',
                             (SELECT jsonb_agg(k ORDER BY k)
                                FROM (SELECT jsonb_object_keys(o.rule) UNION
                                      SELECT jsonb_object_keys(n.rule)) keys(k)
                               WHERE o.rule->k IS DISTINCT FROM n.rule->k)) END
          FROM smart_rules.rules_by_id($1) o
          FULL JOIN smart_rules.rules_by_id($2) n ON n.rule_id = o.rule_id
         WHERE o.rule_id IS NULL OR n.rule_id IS NULL OR o.rule <> n.rule
         ORDER BY 1
    $$;

COMMENT ON FUNCTION rule_changes(rule_ir, rule_ir) IS
    'the rules added, removed and changed (with the keys that changed) from one compiled rule set to another';

-- The SemVer bump a set of changes needs: a removed rule or a changed field, when or do of a
-- kept rule -> 'major'; an added rule -> 'minor'; anything else -> 'patch'.
CREATE FUNCTION required_bump(from_ir rule_ir, to_ir rule_ir) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT CASE
                 WHEN bool_or(c.change = 'removed'
                              OR (c.change = 'changed' AND c.detail->'keys' ?| ARRAY['field', 'when', 'do']))
                   THEN 'major'
                 WHEN bool_or(c.change = 'added') THEN 'minor'
                 ELSE 'patch' END
          FROM smart_rules.rule_changes($1, $2) c
    $$;

COMMENT ON FUNCTION required_bump(rule_ir, rule_ir) IS
    'the SemVer bump the changes between two compiled rule sets need: major, minor or patch';

-- The bump from version a to a higher version b: 'major', 'minor' or 'patch' (the first of
-- MAJOR.MINOR.PATCH that differs; a change of pre-release only, as 1.0.0-rc.1 -> 1.0.0, is a patch).
CREATE FUNCTION semver_bump(a text, b text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT CASE WHEN x[1]::numeric <> y[1]::numeric THEN 'major'
                    WHEN x[2]::numeric <> y[2]::numeric THEN 'minor'
                    ELSE 'patch' END
          FROM (SELECT regexp_match($1, '^(\d+)\.(\d+)\.(\d+)') AS x,
                       regexp_match($2, '^(\d+)\.(\d+)\.(\d+)') AS y) v
    $$;

COMMENT ON FUNCTION semver_bump(text, text) IS
    'the bump from version a to a higher version b: major, minor or patch';

-- The highest version (SemVer precedence) of a rule set among those with one of the statuses.
CREATE FUNCTION highest_version(rule_set_id bigint, statuses text[]) RETURNS text
    LANGUAGE plpgsql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    best text;
    candidate text;
BEGIN
    FOR candidate IN
        SELECT v.version FROM smart_rules.rule_versions v
         WHERE v.rule_set_id = highest_version.rule_set_id AND v.status = ANY (statuses)
    LOOP
        IF best IS NULL OR smart_rules.semver_compare(candidate, best) > 0 THEN
            best := candidate;
        END IF;
    END LOOP;
    RETURN best;
END
$$;

COMMENT ON FUNCTION highest_version(bigint, text[]) IS
    'the highest version (SemVer precedence) of a rule set among those with one of the statuses';

CREATE FUNCTION create_rule_set(name text, marketplace text DEFAULT NULL,
                                description text DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    tenant text := smart_rules.require_tenant();
    new_id bigint;
BEGIN
    INSERT INTO smart_rules.rule_sets (tenant_id, name, marketplace, description)
    VALUES (tenant, name, marketplace, description)
    RETURNING id INTO new_id;
    RETURN new_id;
EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION 'rule set "%" already exists', name
        USING ERRCODE = 'duplicate_object';
END
$$;

COMMENT ON FUNCTION create_rule_set(text, text, text) IS
    'create a rule set of the current tenant; returns its id';

CREATE FUNCTION add_version(rule_set text, source text) RETURNS text
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    set_id bigint := smart_rules.resolve_rule_set(rule_set, true);
    compiled smart_rules.rule_ir := smart_rules.compile_rules(source);
    header jsonb := compiled::jsonb;
BEGIN
    IF header->>'ruleset' <> rule_set THEN
        RAISE EXCEPTION 'the source is rule set "%", not "%"', header->>'ruleset', rule_set
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('write "ruleset: %s" in the YAML', rule_set);
    END IF;
    INSERT INTO smart_rules.rule_versions (rule_set_id, tenant_id, version, source, ir, checksum)
    VALUES (set_id, smart_rules.require_tenant(), header->>'version', source, compiled,
            encode(sha256(convert_to(source, 'UTF8')), 'hex'));
    RETURN header->>'version';
EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION 'version % of rule set "%" already exists', header->>'version', rule_set
        USING ERRCODE = 'duplicate_object',
              HINT = 'change "version:" in the YAML; a version never changes once added';
END
$$;

COMMENT ON FUNCTION add_version(text, text) IS
    'compile a YAML rule set and store it as a draft version of the rule set it names; returns the version';

-- The row of one version of a rule set (by id); 42704 when there is none.
CREATE FUNCTION find_version(rule_set_id bigint, rule_set text, version text)
    RETURNS rule_versions
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    match smart_rules.rule_versions;
BEGIN
    SELECT * INTO match FROM smart_rules.rule_versions v
     WHERE v.rule_set_id = find_version.rule_set_id AND v.version = find_version.version;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'version % of rule set "%" does not exist', version, rule_set
            USING ERRCODE = 'undefined_object';
    END IF;
    RETURN match;
END
$$;

COMMENT ON FUNCTION find_version(bigint, text, text) IS
    'the rule_versions row of one version of a rule set; raises 42704 when there is none';

CREATE FUNCTION publish_version(rule_set text, version text, force boolean DEFAULT false)
    RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    set_id bigint := smart_rules.resolve_rule_set(rule_set, true);
    candidate smart_rules.rule_versions;
    previous smart_rules.rule_versions;
    previous_version text;
    bump text;
    needed text;
    parts text[];
    suggestion text;
    changes text;
BEGIN
    -- Publishers of the same rule set queue here, so each compares with what the last published.
    PERFORM 1 FROM smart_rules.rule_sets s WHERE s.id = set_id FOR UPDATE;
    candidate := smart_rules.find_version(set_id, rule_set, version);
    IF candidate.status <> 'draft' THEN
        RAISE EXCEPTION 'version % of rule set "%" is already %', version, rule_set, candidate.status
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    -- Deprecated versions were published too: versions only go up.
    previous_version := smart_rules.highest_version(set_id, ARRAY['published', 'deprecated']);
    IF previous_version IS NOT NULL THEN
        previous := smart_rules.find_version(set_id, rule_set, previous_version);
        IF smart_rules.semver_compare(version, previous_version) <= 0 THEN
            RAISE EXCEPTION 'version % of rule set "%" is not higher than the published version %',
                    version, rule_set, previous_version
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'add a version with a higher number';
        END IF;
        bump := smart_rules.semver_bump(previous_version, version);
        needed := smart_rules.required_bump(previous.ir, candidate.ir);
        IF array_position(ARRAY['patch', 'minor', 'major'], bump)
           < array_position(ARRAY['patch', 'minor', 'major'], needed) AND NOT force THEN
            parts := regexp_match(previous_version, '^(\d+)\.(\d+)\.(\d+)');
            suggestion := CASE needed
                WHEN 'major' THEN format('%s.0.0', parts[1]::numeric + 1)
                ELSE format('%s.%s.0', parts[1], parts[2]::numeric + 1) END;
            SELECT string_agg(format('%s rule "%s"%s', c.change, c.rule_id,
                                     CASE WHEN c.change = 'changed'
                                          THEN format(' (%s)', (SELECT string_agg(k, ', ')
                                                                  FROM jsonb_array_elements_text(c.detail->'keys') k))
                                          ELSE '' END), '; ')
              INTO changes
              FROM smart_rules.rule_changes(previous.ir, candidate.ir) c;
            RAISE EXCEPTION 'version % of rule set "%" is a % bump over %, but its changes need a % bump',
                    version, rule_set, bump, previous_version, needed
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = changes,
                      HINT = format('publish the rules as version %s, or pass force => true', suggestion);
        END IF;
    END IF;
    UPDATE smart_rules.rule_versions v
       SET status = 'published', published_at = now(), published_by = current_user
     WHERE v.id = candidate.id;
END
$$;

COMMENT ON FUNCTION publish_version(text, text, boolean) IS
    'make a draft version current; its number must be higher than every published one and the bump cover the changes (major: removed rule or changed field/when/do; minor: added rule), unless force';

CREATE FUNCTION deprecate_version(rule_set text, version text) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    set_id bigint := smart_rules.resolve_rule_set(rule_set, true);
    candidate smart_rules.rule_versions;
BEGIN
    PERFORM 1 FROM smart_rules.rule_sets s WHERE s.id = set_id FOR UPDATE;
    candidate := smart_rules.find_version(set_id, rule_set, version);
    IF candidate.status <> 'published' THEN
        RAISE EXCEPTION 'version % of rule set "%" is %, not published', version, rule_set, candidate.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'only a published version can be deprecated';
    END IF;
    UPDATE smart_rules.rule_versions v SET status = 'deprecated' WHERE v.id = candidate.id;
END
$$;

COMMENT ON FUNCTION deprecate_version(text, text) IS
    'deprecate a published version: it is no longer current nor applied by default, only when asked for by version';

CREATE FUNCTION diff_versions(rule_set text, from_version text, to_version text)
    RETURNS TABLE (rule_id text, change text, detail jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    set_id bigint := smart_rules.resolve_rule_set(rule_set);
BEGIN
    RETURN QUERY
        SELECT c.rule_id, c.change, c.detail
          FROM smart_rules.rule_changes((smart_rules.find_version(set_id, rule_set, from_version)).ir,
                                        (smart_rules.find_version(set_id, rule_set, to_version)).ir) c;
END
$$;

COMMENT ON FUNCTION diff_versions(text, text, text) IS
    'the rules added, removed and changed (detail: the keys that changed) from one version to another';

CREATE FUNCTION current_version(rule_set text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT smart_rules.highest_version(smart_rules.resolve_rule_set($1), ARRAY['published'])
    $$;

COMMENT ON FUNCTION current_version(text) IS
    'the highest published, non-deprecated version of a rule set (the tenant''s, else the built-in); null when none';

-- The compiled rules to apply for a rule set: the given version (whatever its status), else the
-- current one; 42704 when there is none.
CREATE FUNCTION resolve_rules(rule_set text, version text DEFAULT NULL) RETURNS rule_ir
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    set_id bigint := smart_rules.resolve_rule_set(rule_set);
    chosen text := coalesce(version, smart_rules.highest_version(set_id, ARRAY['published']));
BEGIN
    IF chosen IS NULL THEN
        RAISE EXCEPTION 'rule set "%" has no published version', rule_set
            USING ERRCODE = 'undefined_object',
                  HINT = 'publish one with smart_rules.publish_version, or name a version';
    END IF;
    RETURN (smart_rules.find_version(set_id, rule_set, chosen)).ir;
END
$$;

COMMENT ON FUNCTION resolve_rules(text, text) IS
    'the compiled rules of a rule set by name: the version given (any status), else the current one';


-- Installs one built-in rule set (tenant '*', its only version published) from its YAML; the
-- install script calls it for each of rulesets/*.yaml, then drops it.
CREATE FUNCTION install_builtin_rule_set(source text) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    compiled smart_rules.rule_ir := smart_rules.compile_rules(source);
    header jsonb := compiled::jsonb;
    set_id bigint;
BEGIN
    INSERT INTO smart_rules.rule_sets (tenant_id, name, marketplace, description)
    VALUES ('*', header->>'ruleset', header->>'marketplace', header->>'description')
    RETURNING id INTO set_id;
    INSERT INTO smart_rules.rule_versions (rule_set_id, tenant_id, version, source, ir, checksum,
                                           status, published_at, published_by)
    VALUES (set_id, '*', header->>'version', source, compiled,
            encode(sha256(convert_to(source, 'UTF8')), 'hex'), 'published', now(), current_user);
END
$$;
