-- pgTAP: the SQL surface of the compiling area (type rule_ir, its cast to jsonb, compile_rules,
-- validate_rules, explain_rules): signatures, volatility, strictness, parallel safety, comments.
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE SCHEMA IF NOT EXISTS partman;
CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;
CREATE EXTENSION IF NOT EXISTS smart_rules;

SELECT plan(37);

SELECT has_extension('smart_rules', 'extension smart_rules is installed');
SELECT has_schema('smart_rules', 'schema smart_rules exists');

-- The type
SELECT has_type('smart_rules', 'rule_ir', 'type smart_rules.rule_ir exists');
SELECT is((SELECT typlen FROM pg_type WHERE oid = 'smart_rules.rule_ir'::regtype),
          -1::smallint, 'rule_ir is variable length');
SELECT is((SELECT typstorage FROM pg_type WHERE oid = 'smart_rules.rule_ir'::regtype),
          'x'::"char", 'rule_ir storage is extended (compressible, toastable)');
SELECT is((SELECT typalign FROM pg_type WHERE oid = 'smart_rules.rule_ir'::regtype),
          'i'::"char", 'rule_ir is int4-aligned like other varlena types');
SELECT is((SELECT typreceive::text FROM pg_type WHERE oid = 'smart_rules.rule_ir'::regtype),
          'smart_rules.rule_ir_recv', 'rule_ir has a binary receive function');
SELECT is((SELECT typsend::text FROM pg_type WHERE oid = 'smart_rules.rule_ir'::regtype),
          'smart_rules.rule_ir_send', 'rule_ir has a binary send function');

-- The cast to jsonb
SELECT has_cast('smart_rules.rule_ir', 'jsonb', 'smart_rules', 'rule_ir_to_jsonb',
                'cast rule_ir -> jsonb exists, through smart_rules.rule_ir_to_jsonb');
SELECT cast_context_is('smart_rules.rule_ir', 'jsonb', 'assignment',
                       'cast rule_ir -> jsonb is an assignment cast');

-- compile_rules(source text) returns rule_ir
SELECT has_function('smart_rules', 'compile_rules', ARRAY['text'],
                    'compile_rules(text) exists');
SELECT function_returns('smart_rules', 'compile_rules', ARRAY['text'], 'smart_rules.rule_ir',
                        'compile_rules(text) returns rule_ir');
SELECT volatility_is('smart_rules', 'compile_rules', ARRAY['text'], 'immutable',
                     'compile_rules(text) is immutable');
SELECT is_strict('smart_rules', 'compile_rules', ARRAY['text'],
                 'compile_rules(text) is strict');
SELECT function_lang_is('smart_rules', 'compile_rules', ARRAY['text'], 'c',
                        'compile_rules(text) is written in C');

-- validate_rules(source text) returns table(line, col, rule_id, severity, message, sqlstate, hint)
SELECT has_function('smart_rules', 'validate_rules', ARRAY['text'],
                    'validate_rules(text) exists');
SELECT is(pg_get_function_result('smart_rules.validate_rules(text)'::regprocedure),
          'TABLE(line integer, col integer, rule_id text, severity text, message text, sqlstate text, hint text)',
          'validate_rules(text) returns the contract''s columns, then sqlstate and hint');
SELECT volatility_is('smart_rules', 'validate_rules', ARRAY['text'], 'immutable',
                     'validate_rules(text) is immutable');
SELECT is_strict('smart_rules', 'validate_rules', ARRAY['text'],
                 'validate_rules(text) is strict');

-- explain_rules(rules rule_ir) returns text
SELECT has_function('smart_rules', 'explain_rules', ARRAY['smart_rules.rule_ir'],
                    'explain_rules(rule_ir) exists');
SELECT function_returns('smart_rules', 'explain_rules', ARRAY['smart_rules.rule_ir'], 'text',
                        'explain_rules(rule_ir) returns text');
SELECT volatility_is('smart_rules', 'explain_rules', ARRAY['smart_rules.rule_ir'], 'immutable',
                     'explain_rules(rule_ir) is immutable');
SELECT is_strict('smart_rules', 'explain_rules', ARRAY['smart_rules.rule_ir'],
                 'explain_rules(rule_ir) is strict');
SELECT is(pg_get_function_arguments('smart_rules.explain_rules(smart_rules.rule_ir)'::regprocedure),
          'rules smart_rules.rule_ir', 'explain_rules names its argument "rules"');

-- The I/O functions
SELECT has_function('smart_rules', 'rule_ir_in', ARRAY['cstring'], 'rule_ir_in(cstring) exists');
SELECT has_function('smart_rules', 'rule_ir_out', ARRAY['smart_rules.rule_ir'],
                    'rule_ir_out(rule_ir) exists');
SELECT has_function('smart_rules', 'rule_ir_recv', ARRAY['internal'],
                    'rule_ir_recv(internal) exists');
SELECT has_function('smart_rules', 'rule_ir_send', ARRAY['smart_rules.rule_ir'],
                    'rule_ir_send(rule_ir) exists');
SELECT function_returns('smart_rules', 'rule_ir_send', ARRAY['smart_rules.rule_ir'], 'bytea',
                        'rule_ir_send(rule_ir) returns bytea');
SELECT has_function('smart_rules', 'rule_ir_to_jsonb', ARRAY['smart_rules.rule_ir'],
                    'rule_ir_to_jsonb(rule_ir) exists');

-- Every function of the compiling area is immutable, strict and parallel safe.
SELECT is_empty($$
    SELECT p.oid::regprocedure
      FROM pg_proc p
     WHERE p.pronamespace = 'smart_rules'::regnamespace
       AND p.proname IN ('compile_rules', 'validate_rules', 'explain_rules', 'rule_ir_in',
                         'rule_ir_out', 'rule_ir_recv', 'rule_ir_send', 'rule_ir_to_jsonb')
       AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')
$$, 'the compiling functions and the rule_ir I/O functions are immutable, strict, parallel safe');
SELECT is((SELECT count(*)::int FROM pg_proc
            WHERE pronamespace = 'smart_rules'::regnamespace
              AND proname IN ('compile_rules', 'validate_rules', 'explain_rules', 'rule_ir_in',
                              'rule_ir_out', 'rule_ir_recv', 'rule_ir_send', 'rule_ir_to_jsonb')),
          8, 'the eight compiling and rule_ir functions exist exactly once each');

-- Documentation: the type and every function of the extension carry a comment.
SELECT isnt(obj_description('smart_rules.rule_ir'::regtype, 'pg_type'), NULL,
            'type rule_ir has a comment');
SELECT is_empty($$
    SELECT p.oid::regprocedure
      FROM pg_proc p
      JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                      AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
      JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'smart_rules'
     WHERE obj_description(p.oid, 'pg_proc') IS NULL
$$, 'every function of the extension has a comment');

-- Behaviour visible from the catalog's point of view
SELECT ok(smart_rules.compile_rules(NULL) IS NULL, 'compile_rules(NULL) is NULL (strict)');
SELECT is((SELECT count(*)::int FROM smart_rules.validate_rules(NULL)), 0,
          'validate_rules(NULL) returns no rows (strict)');
SELECT is(pg_typeof(smart_rules.compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: title-clean
    field: title
    do: [trim, collapse_whitespace]
$$))::text, 'smart_rules.rule_ir', 'compile_rules returns a rule_ir value');

SELECT * FROM finish();
ROLLBACK;
