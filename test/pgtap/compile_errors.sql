-- pgTAP: the SQLSTATE of every class of compile error (SQL-API.md, "Compiling"), the advice in
-- HINT, and that validate_rules reports the same problems as rows instead of raising.
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE SCHEMA IF NOT EXISTS partman;
CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;
CREATE EXTENSION IF NOT EXISTS smart_rules;

SELECT plan(26);

-- A rule set around one rule body, so that each case shows only what is wrong.
CREATE FUNCTION pg_temp.rule_set(rule_body text, version text DEFAULT '1.0.0') RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format(E'ruleset: ml-basic\nversion: %s\nrules:\n  - id: title-rule\n%s\n',
                  version, rule_body)
$$;

-- The HINT that compile_rules raises for a source (null when it compiles or has no hint).
CREATE FUNCTION pg_temp.compile_hint(source text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    hint text;
BEGIN
    PERFORM smart_rules.compile_rules(source);
    RETURN NULL;
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS hint = PG_EXCEPTION_HINT;
    RETURN nullif(hint, '');
END
$$;

-- 42601 syntax_error
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    do: [trim, collapse_whitespace')),
    '42601', NULL, 'YAML that does not parse raises 42601');
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    when: length(title) > and true\n    do: trim')),
    '42601', 'syntax error at or near "and"', 'an expression that does not parse raises 42601');

-- 22023 invalid_parameter_value
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    do: trim\n    severty: warning')),
    '22023', 'unknown key "severty" in rule "title-rule"', 'an unknown key raises 22023');
SELECT is(pg_temp.compile_hint(pg_temp.rule_set(E'    field: title\n    do: trim\n    severty: warning')),
          'did you mean "severity"?', 'an unknown key has the nearest valid key as HINT');
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    do: collapse_whitespaces')),
    '22023', 'unknown action "collapse_whitespaces"', 'an unknown action raises 22023');
SELECT is(pg_temp.compile_hint(pg_temp.rule_set(E'    field: title\n    do: collapse_whitespaces')),
          'did you mean "collapse_whitespace"?', 'an unknown action has the nearest action as HINT');
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)', pg_temp.rule_set(E'    do: trim')),
    '22023', 'rule "title-rule" is missing required key "field"', 'a missing required key raises 22023');
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    do: {truncate: {max: sixty}}')),
    '22023', NULL, 'a value of the wrong type raises 22023');
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    do: trim\n  - id: title-rule\n    field: title\n    do: lower')),
    '22023', 'duplicate rule id "title-rule"', 'a duplicate rule id raises 22023');
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           replace(pg_temp.rule_set(E'    field: title\n    do: trim'), 'title-rule', 'Title Rule')),
    '22023', 'invalid rule id "Title Rule"', 'a rule id that is not a slug raises 22023');
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    do: trim', '1.4')),
    '22023', 'invalid version "1.4"', 'a version that is not SemVer raises 22023');
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    do: flag\n    severity: critical')),
    '22023', 'invalid severity "critical"', 'an unknown severity raises 22023');
SELECT throws_ok($$SELECT smart_rules.compile_rules('')$$,
    '22023', 'rule set source is empty', 'an empty source raises 22023');

-- 2201B invalid_regular_expression
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    do: {regex_replace: {pattern: ''(\\d+ ?un'', with: ''''}}')),
    '2201B', NULL, 'a regular expression RE2 rejects raises 2201B');
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    when: title ~ ''[a-''\n    do: trim')),
    '2201B', NULL, 'a bad pattern in a ~ condition raises 2201B');

-- 42883 undefined_function
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    when: lenght(title) > 60\n    do: trim')),
    '42883', 'function lenght does not exist', 'an unknown function raises 42883');
SELECT is(pg_temp.compile_hint(pg_temp.rule_set(E'    field: title\n    when: lenght(title) > 60\n    do: trim')),
          'did you mean "length"?', 'an unknown function has the nearest function as HINT');

-- 42804 datatype_mismatch
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    when: title\n    do: trim')),
    '42804', NULL, 'a condition that is not boolean raises 42804');

-- 54000 program_limit_exceeded
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    do: trim') || repeat(E'# padding\n', 110000)),
    '54000', NULL, 'a source larger than 1 MiB raises 54000');
SELECT throws_ok(
    format('SELECT smart_rules.compile_rules(%L)',
           pg_temp.rule_set(format(E'    field: title\n    when: %s\n    do: trim',
                                   repeat('(', 70) || 'length(title) > 1' || repeat(')', 70)))),
    '54000', 'expression is nested more than 64 levels deep',
    'an expression nested more than 64 levels raises 54000');

-- rule_ir input
SELECT throws_ok($$SELECT 'not json'::smart_rules.rule_ir$$,
    '22P02', NULL, 'rule_ir input that is not JSON raises 22P02');
SELECT throws_ok($$SELECT '{"ruleset": "x"}'::smart_rules.rule_ir$$,
    '22P02', NULL, 'rule_ir input that is JSON but not a program raises 22P02');

-- rule_ir binary input (COPY BINARY): bytes that are not a program
CREATE TEMP TABLE received (ir smart_rules.rule_ir);
COPY (SELECT 'not a program'::bytea) TO '/tmp/smart_rules_pgtap_garbage.bin' WITH (FORMAT binary);
SELECT throws_ok($$COPY received FROM '/tmp/smart_rules_pgtap_garbage.bin' WITH (FORMAT binary)$$,
    '22P03', NULL, 'rule_ir binary input that is not a program raises 22P03');
COPY (SELECT substr(smart_rules.rule_ir_send(smart_rules.compile_rules(
          pg_temp.rule_set(E'    field: title\n    do: trim'))), 1, 12))
  TO '/tmp/smart_rules_pgtap_truncated.bin' WITH (FORMAT binary);
SELECT throws_ok($$COPY received FROM '/tmp/smart_rules_pgtap_truncated.bin' WITH (FORMAT binary)$$,
    '22P03', NULL, 'truncated rule_ir binary input raises 22P03');

-- validate_rules reports instead of raising
SELECT lives_ok(
    format('SELECT * FROM smart_rules.validate_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    when: lenght(title) > 60\n    do: collapse_whitespaces', '1.4')),
    'validate_rules does not raise for bad rules');
SELECT results_eq(
    format('SELECT line, severity FROM smart_rules.validate_rules(%L)',
           pg_temp.rule_set(E'    field: title\n    when: lenght(title) > 60\n    do: collapse_whitespaces', '1.4')),
    $$VALUES (2, 'error'), (6, 'error'), (7, 'error')$$,
    'validate_rules lists every problem, ordered by line');

SELECT * FROM finish();
ROLLBACK;
