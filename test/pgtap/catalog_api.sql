-- pgTAP: the catalog's SQL surface (functions, tables, row level security, configuration dump)
-- and the SemVer policy of publish_version: each kind of change against each kind of bump.
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE SCHEMA IF NOT EXISTS partman;
CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;
CREATE EXTENSION IF NOT EXISTS smart_rules;

SELECT plan(40);

SELECT has_function('smart_rules', 'create_rule_set', ARRAY['text', 'text', 'text'], 'create_rule_set exists');
SELECT function_returns('smart_rules', 'create_rule_set', ARRAY['text', 'text', 'text'], 'bigint',
                        'create_rule_set returns bigint');
SELECT function_returns('smart_rules', 'add_version', ARRAY['text', 'text'], 'text',
                        'add_version(rule_set, source) returns text');
SELECT has_function('smart_rules', 'publish_version', ARRAY['text', 'text', 'boolean'], 'publish_version exists');
SELECT has_function('smart_rules', 'deprecate_version', ARRAY['text', 'text'], 'deprecate_version exists');
SELECT has_function('smart_rules', 'diff_versions', ARRAY['text', 'text', 'text'], 'diff_versions exists');
SELECT function_returns('smart_rules', 'current_version', ARRAY['text'], 'text', 'current_version returns text');
SELECT is(pg_get_function_arguments(
              'smart_rules.apply_rules(text, regclass, anyelement, text, boolean)'::regprocedure),
          'rule_set text, source regclass, target anyelement, version text DEFAULT NULL::text, log boolean DEFAULT true',
          'apply_rules by name takes rule_set, source, target, version and log');
SELECT is(pg_get_function_arguments(
              'smart_rules.preview_rules(text, regclass, regtype, text, bigint)'::regprocedure),
          'rule_set text, source regclass, target regtype DEFAULT NULL::regtype, version text DEFAULT NULL::text, max_rows bigint DEFAULT NULL::bigint',
          'preview_rules by name takes rule_set, source, target, version and max_rows');
SELECT function_returns('smart_rules', 'apply_rules_in_place', ARRAY['text', 'regclass', 'text'], 'smart_rules.run_summary',
                        'apply_rules_in_place by name returns run_summary');
SELECT function_returns('smart_rules', 'enforce_rules', ARRAY[]::text[], 'trigger',
                        'enforce_rules is a trigger function');
SELECT is_empty($$
    SELECT p.oid::regprocedure FROM pg_proc p
     WHERE p.pronamespace = 'smart_rules'::regnamespace AND p.prosecdef
       AND p.proname IN ('create_rule_set', 'add_version', 'publish_version', 'deprecate_version',
                         'diff_versions', 'current_version', 'resolve_rules', 'resolve_rule_set')
$$, 'the catalog functions are SECURITY INVOKER (row level security applies to the caller)');

SELECT has_table('smart_rules', 'rule_sets', 'table rule_sets exists');
SELECT has_table('smart_rules', 'rule_versions', 'table rule_versions exists');
SELECT col_not_null('smart_rules', 'rule_sets', 'tenant_id', 'rule_sets.tenant_id is NOT NULL');
SELECT col_not_null('smart_rules', 'rule_versions', 'tenant_id', 'rule_versions.tenant_id is NOT NULL');
SELECT col_type_is('smart_rules', 'rule_versions', 'ir', 'smart_rules.rule_ir', 'rule_versions.ir is a rule_ir');
SELECT ok((SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'smart_rules.rule_sets'::regclass),
          'rule_sets has row level security, enabled and forced');
SELECT ok((SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'smart_rules.rule_versions'::regclass),
          'rule_versions has row level security, enabled and forced');
SELECT ok(NOT has_table_privilege('public', 'smart_rules.rule_sets', 'SELECT, INSERT, UPDATE, DELETE'),
          'PUBLIC has no privilege on rule_sets');
SELECT ok(NOT has_table_privilege('public', 'smart_rules.rule_versions', 'SELECT, INSERT, UPDATE, DELETE'),
          'PUBLIC has no privilege on rule_versions');
SELECT set_eq($$
    SELECT c.relname::text, x.condition FROM pg_extension e,
           unnest(e.extconfig, e.extcondition) x(config, condition)
      JOIN pg_class c ON c.oid = x.config
     WHERE e.extname = 'smart_rules' AND c.relname IN ('rule_sets', 'rule_versions')
$$, $$ VALUES ('rule_sets', 'WHERE tenant_id <> ''*'''), ('rule_versions', 'WHERE tenant_id <> ''*''') $$,
   'pg_dump keeps the users'' rule sets and versions, not the built-ins');
SELECT is_empty($$
    SELECT p.oid::regprocedure FROM pg_proc p
     WHERE p.pronamespace = 'smart_rules'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL
$$, 'every function of the extension has a comment');

-- The SemVer policy: from a published 1.0.0 with rules a and b, each kind of change published
-- with each kind of bump. A fresh rule set per case.
SET LOCAL smart_rules.tenant = 'semver-tests';
CREATE FUNCTION pg_temp.publish_case(change text, new_version text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    name text := 'case-' || change || '-' || new_version;
    rules text := CASE change
        WHEN 'none'    THEN E'  - id: a\n    field: title\n    do: trim\n  - id: b\n    field: sku\n    do: upper\n'
        WHEN 'message' THEN E'  - id: a\n    field: title\n    do: trim\n    message: tidied\n  - id: b\n    field: sku\n    do: upper\n'
        WHEN 'added'   THEN E'  - id: a\n    field: title\n    do: trim\n  - id: b\n    field: sku\n    do: upper\n  - id: c\n    field: note\n    do: lower\n'
        WHEN 'removed' THEN E'  - id: a\n    field: title\n    do: trim\n'
        WHEN 'do'      THEN E'  - id: a\n    field: title\n    do: [trim, upper]\n  - id: b\n    field: sku\n    do: upper\n'
        WHEN 'when'    THEN E'  - id: a\n    field: title\n    when: length(title) > 3\n    do: trim\n  - id: b\n    field: sku\n    do: upper\n'
        WHEN 'field'   THEN E'  - id: a\n    field: note\n    do: trim\n  - id: b\n    field: sku\n    do: upper\n'
    END;
BEGIN
    PERFORM smart_rules.create_rule_set(name);
    PERFORM smart_rules.add_version(name, format(E'ruleset: %s\nversion: 1.0.0\nrules:\n%s', name,
        E'  - id: a\n    field: title\n    do: trim\n  - id: b\n    field: sku\n    do: upper\n'));
    PERFORM smart_rules.publish_version(name, '1.0.0');
    PERFORM smart_rules.add_version(name, format(E'ruleset: %s\nversion: %s\nrules:\n%s', name, new_version, rules));
    PERFORM smart_rules.publish_version(name, new_version);
END
$$;

SELECT lives_ok($$ SELECT pg_temp.publish_case('none', '1.0.1') $$, 'no change: a patch is enough');
SELECT lives_ok($$ SELECT pg_temp.publish_case('message', '1.0.1') $$, 'a changed message: a patch is enough');
SELECT lives_ok($$ SELECT pg_temp.publish_case('message', '1.1.0') $$, 'a changed message: a minor bump is fine');
SELECT throws_ok($$ SELECT pg_temp.publish_case('added', '1.0.1') $$, '22023', NULL, 'an added rule: a patch is refused');
SELECT lives_ok($$ SELECT pg_temp.publish_case('added', '1.1.0') $$, 'an added rule: a minor bump is enough');
SELECT lives_ok($$ SELECT pg_temp.publish_case('added', '2.0.0') $$, 'an added rule: a major bump is fine');
SELECT throws_ok($$ SELECT pg_temp.publish_case('removed', '1.0.1') $$, '22023', NULL, 'a removed rule: a patch is refused');
SELECT throws_ok($$ SELECT pg_temp.publish_case('removed', '1.1.0') $$, '22023', NULL, 'a removed rule: a minor bump is refused');
SELECT lives_ok($$ SELECT pg_temp.publish_case('removed', '2.0.0') $$, 'a removed rule: a major bump is enough');
SELECT throws_ok($$ SELECT pg_temp.publish_case('do', '1.1.0') $$, '22023', NULL, 'a changed do: a minor bump is refused');
SELECT lives_ok($$ SELECT pg_temp.publish_case('do', '2.0.0') $$, 'a changed do: a major bump is enough');
SELECT throws_ok($$ SELECT pg_temp.publish_case('when', '1.0.1') $$, '22023', NULL, 'a changed when: a patch is refused');
SELECT lives_ok($$ SELECT pg_temp.publish_case('when', '2.0.0') $$, 'a changed when: a major bump is enough');
SELECT throws_ok($$ SELECT pg_temp.publish_case('field', '1.1.0') $$, '22023', NULL, 'a changed field: a minor bump is refused');
SELECT lives_ok($$ SELECT pg_temp.publish_case('field', '2.0.0') $$, 'a changed field: a major bump is enough');
SELECT throws_ok($$ SELECT pg_temp.publish_case('none', '1.0.0-rc.1') $$, '22023', NULL,
                 'a version below the published one is refused');
SELECT is(smart_rules.current_version('case-removed-2.0.0'), '2.0.0', 'the published major bump is current');

SELECT * FROM finish();
ROLLBACK;
