-- pgTAP: the SQL surface of the applying area and of logs and runs: apply_rules, preview_rules,
-- apply_rules_in_place, run_summary, last_run_id, current_tenant, the settings, type
-- run_summary, tables rule_runs and correction_logs and their registration with pg_partman.
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE SCHEMA IF NOT EXISTS partman;
CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;
CREATE EXTENSION IF NOT EXISTS smart_rules;

SELECT plan(58);

-- apply_rules(rules rule_ir, source regclass, target anyelement, log boolean default true)
SELECT has_function('smart_rules', 'apply_rules',
                    ARRAY['smart_rules.rule_ir', 'regclass', 'anyelement', 'boolean'],
                    'apply_rules(rule_ir, regclass, anyelement, boolean) exists');
SELECT is(pg_get_function_arguments(
              'smart_rules.apply_rules(smart_rules.rule_ir, regclass, anyelement, boolean)'::regprocedure),
          'rules smart_rules.rule_ir, source regclass, target anyelement, log boolean DEFAULT true',
          'apply_rules takes rules, source, target and log (default true)');
SELECT function_returns('smart_rules', 'apply_rules',
                        ARRAY['smart_rules.rule_ir', 'regclass', 'anyelement', 'boolean'],
                        'setof anyelement', 'apply_rules returns setof anyelement');
SELECT volatility_is('smart_rules', 'apply_rules',
                     ARRAY['smart_rules.rule_ir', 'regclass', 'anyelement', 'boolean'], 'volatile',
                     'apply_rules is volatile (it writes logs)');
SELECT isnt_strict('smart_rules', 'apply_rules',
                   ARRAY['smart_rules.rule_ir', 'regclass', 'anyelement', 'boolean'],
                   'apply_rules is not strict (its target is a typed null)');
SELECT function_lang_is('smart_rules', 'apply_rules',
                        ARRAY['smart_rules.rule_ir', 'regclass', 'anyelement', 'boolean'], 'c',
                        'apply_rules is written in C');

-- preview_rules(rules, source, target regtype default null, max_rows bigint default null)
SELECT has_function('smart_rules', 'preview_rules',
                    ARRAY['smart_rules.rule_ir', 'regclass', 'regtype', 'bigint'],
                    'preview_rules(rule_ir, regclass, regtype, bigint) exists');
SELECT is(pg_get_function_arguments(
              'smart_rules.preview_rules(smart_rules.rule_ir, regclass, regtype, bigint)'::regprocedure),
          'rules smart_rules.rule_ir, source regclass, target regtype DEFAULT NULL::regtype, max_rows bigint DEFAULT NULL::bigint',
          'preview_rules takes rules, source, target and max_rows (both default null)');
SELECT is(pg_get_function_result(
              'smart_rules.preview_rules(smart_rules.rule_ir, regclass, regtype, bigint)'::regprocedure),
          'TABLE(row_key text, rule_id text, field text, old_value text, new_value text, action text, severity text, message text)',
          'preview_rules returns the columns of correction_logs'' events');
SELECT volatility_is('smart_rules', 'preview_rules',
                     ARRAY['smart_rules.rule_ir', 'regclass', 'regtype', 'bigint'], 'volatile',
                     'preview_rules is volatile (it reads a relation, runs subtransactions)');

-- apply_rules_in_place(rules rule_ir, target regclass) returns run_summary
SELECT has_function('smart_rules', 'apply_rules_in_place',
                    ARRAY['smart_rules.rule_ir', 'regclass'],
                    'apply_rules_in_place(rule_ir, regclass) exists');
SELECT is(pg_get_function_arguments(
              'smart_rules.apply_rules_in_place(smart_rules.rule_ir, regclass)'::regprocedure),
          'rules smart_rules.rule_ir, target regclass',
          'apply_rules_in_place takes rules and target');
SELECT function_returns('smart_rules', 'apply_rules_in_place',
                        ARRAY['smart_rules.rule_ir', 'regclass'], 'smart_rules.run_summary',
                        'apply_rules_in_place returns run_summary');
SELECT volatility_is('smart_rules', 'apply_rules_in_place',
                     ARRAY['smart_rules.rule_ir', 'regclass'], 'volatile',
                     'apply_rules_in_place is volatile');

-- The applying functions never run in parallel workers (they write, use SPI cursors and
-- subtransactions).
SELECT is_empty($$
    SELECT p.oid::regprocedure
      FROM pg_proc p
     WHERE p.pronamespace = 'smart_rules'::regnamespace
       AND p.proname IN ('apply_rules', 'preview_rules', 'apply_rules_in_place')
       AND p.proparallel <> 'u'
$$, 'apply_rules, preview_rules and apply_rules_in_place are parallel unsafe');

-- run_summary(run_id bigint), last_run_id(), current_tenant()
SELECT has_function('smart_rules', 'run_summary', ARRAY['bigint'], 'run_summary(bigint) exists');
SELECT function_returns('smart_rules', 'run_summary', ARRAY['bigint'], 'smart_rules.run_summary',
                        'run_summary(bigint) returns run_summary');
SELECT is_strict('smart_rules', 'run_summary', ARRAY['bigint'], 'run_summary(bigint) is strict');
SELECT is_definer('smart_rules', 'run_summary', ARRAY['bigint'],
                  'run_summary(bigint) is security definer (callers need no privilege on rule_runs)');
SELECT has_function('smart_rules', 'last_run_id', ARRAY[]::text[], 'last_run_id() exists');
SELECT function_returns('smart_rules', 'last_run_id', ARRAY[]::text[], 'bigint',
                        'last_run_id() returns bigint');
SELECT volatility_is('smart_rules', 'last_run_id', ARRAY[]::text[], 'volatile',
                     'last_run_id() is volatile (a call in the same statement changes it)');
SELECT has_function('smart_rules', 'current_tenant', ARRAY[]::text[], 'current_tenant() exists');
SELECT function_returns('smart_rules', 'current_tenant', ARRAY[]::text[], 'text',
                        'current_tenant() returns text');
SELECT volatility_is('smart_rules', 'current_tenant', ARRAY[]::text[], 'stable',
                     'current_tenant() is stable (usable in row level security policies)');

-- The settings exist once the module is loaded in the session: any C function of the extension
-- loads it (a fresh session that only SHOWs them must load it first, see docs/sql-api.md).
DO $$ BEGIN PERFORM * FROM smart_rules.validate_rules(''); END $$;
SELECT is(current_setting('smart_rules.batch_size'), '5000', 'smart_rules.batch_size defaults to 5000');
SELECT is((SELECT min_val || '..' || max_val FROM pg_settings WHERE name = 'smart_rules.batch_size'),
          '100..1000000', 'smart_rules.batch_size ranges from 100 to 1000000');
SELECT is((SELECT context FROM pg_settings WHERE name = 'smart_rules.batch_size'), 'user',
          'smart_rules.batch_size can be set by any user');
SELECT is((SELECT context FROM pg_settings WHERE name = 'smart_rules.tenant'), 'user',
          'smart_rules.tenant can be set by any user');
SELECT ok(smart_rules.current_tenant() IS NULL, 'current_tenant() is null when no tenant is set');
SET LOCAL smart_rules.tenant = 'acme';
SELECT is(smart_rules.current_tenant(), 'acme', 'current_tenant() returns smart_rules.tenant');

-- Type run_summary
SELECT has_type('smart_rules', 'run_summary', 'type smart_rules.run_summary exists');
SELECT is((SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                             ORDER BY a.attnum)
             FROM pg_attribute a
            WHERE a.attrelid = (SELECT typrelid FROM pg_type
                                 WHERE oid = 'smart_rules.run_summary'::regtype)),
          'run_id bigint, rows_in bigint, rows_out bigint, rows_changed bigint, corrections bigint, violations bigint, rejected bigint, elapsed_ms double precision',
          'run_summary has the contract''s columns');

-- Table rule_runs
SELECT has_table('smart_rules', 'rule_runs', 'table smart_rules.rule_runs exists');
SELECT columns_are('smart_rules', 'rule_runs',
                   ARRAY['run_id', 'tenant_id', 'rule_set', 'version', 'source', 'started_at',
                         'finished_at', 'rows_in', 'rows_out', 'rows_changed', 'corrections',
                         'violations', 'rejected', 'elapsed_ms', 'per_rule'],
                   'rule_runs has the contract''s columns');
SELECT col_is_pk('smart_rules', 'rule_runs', 'run_id', 'rule_runs.run_id is the primary key');
SELECT is((SELECT attidentity FROM pg_attribute
            WHERE attrelid = 'smart_rules.rule_runs'::regclass AND attname = 'run_id'),
          'a'::"char", 'rule_runs.run_id is an identity column (generated always)');
SELECT col_type_is('smart_rules', 'rule_runs', 'per_rule', 'jsonb', 'rule_runs.per_rule is jsonb');
SELECT col_type_is('smart_rules', 'rule_runs', 'elapsed_ms', 'double precision',
                   'rule_runs.elapsed_ms is double precision');
SELECT col_not_null('smart_rules', 'rule_runs', 'tenant_id', 'rule_runs.tenant_id is not null');

-- Table correction_logs, partitioned by month with pg_partman
SELECT has_table('smart_rules', 'correction_logs', 'table smart_rules.correction_logs exists');
SELECT columns_are('smart_rules', 'correction_logs',
                   ARRAY['tenant_id', 'run_id', 'rule_set', 'version', 'rule_id', 'row_key',
                         'field', 'old_value', 'new_value', 'action', 'severity', 'message',
                         'created_at'],
                   'correction_logs has the contract''s columns');
SELECT col_not_null('smart_rules', 'correction_logs', 'tenant_id',
                    'correction_logs.tenant_id is not null');
SELECT col_not_null('smart_rules', 'correction_logs', 'created_at',
                    'correction_logs.created_at is not null');
SELECT col_has_default('smart_rules', 'correction_logs', 'created_at',
                       'correction_logs.created_at has a default');
SELECT is((SELECT partstrat FROM pg_partitioned_table
            WHERE partrelid = 'smart_rules.correction_logs'::regclass),
          'r'::"char", 'correction_logs is partitioned by range');
SELECT is((SELECT a.attname::text FROM pg_partitioned_table p
             JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
            WHERE p.partrelid = 'smart_rules.correction_logs'::regclass),
          'created_at', 'correction_logs is partitioned on created_at');
-- (correction_logs' indexes are its partitions', tested in analytics.sql)
SELECT has_index('smart_rules', 'rule_runs', 'rule_runs_tenant_id_idx', ARRAY['tenant_id', 'run_id'],
                 'rule_runs has an index on (tenant_id, run_id)');
SELECT results_eq(
    $$SELECT partition_type, partition_interval, control FROM partman.part_config
       WHERE parent_table = 'smart_rules.correction_logs'$$,
    $$VALUES ('native'::text, '1 mon'::text, 'created_at'::text)$$,
    'correction_logs is registered in partman.part_config: native, monthly, on created_at');
SELECT cmp_ok((SELECT count(*)::int FROM pg_inherits
                WHERE inhparent = 'smart_rules.correction_logs'::regclass), '>', 4,
              'correction_logs has premade monthly partitions');
SELECT ok(EXISTS (SELECT FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                   WHERE i.inhparent = 'smart_rules.correction_logs'::regclass
                     AND c.relname = 'correction_logs_default'),
          'correction_logs has a default partition');

-- Both tables' data is kept by pg_dump (extension configuration).
SELECT set_has(
    $$SELECT c.relname::text FROM pg_extension e, unnest(e.extconfig) AS t(oid)
        JOIN pg_class c ON c.oid = t.oid WHERE e.extname = 'smart_rules'$$,
    $$VALUES ('correction_logs'), ('rule_runs'), ('rule_runs_run_id_seq')$$,
    'correction_logs, rule_runs and its sequence are extension configuration (dumped)');

-- Nobody but their owner reads or writes the log tables directly.
SELECT ok(NOT has_table_privilege('public', 'smart_rules.correction_logs', 'SELECT,INSERT'),
          'PUBLIC has no privilege on correction_logs');
SELECT ok(NOT has_table_privilege('public', 'smart_rules.rule_runs', 'SELECT,INSERT'),
          'PUBLIC has no privilege on rule_runs');

-- Documentation: every object of the area carries a comment.
SELECT isnt(obj_description('smart_rules.run_summary'::regtype, 'pg_type'), NULL,
            'type run_summary has a comment');
SELECT isnt(obj_description('smart_rules.rule_runs'::regclass, 'pg_class'), NULL,
            'table rule_runs has a comment');
SELECT isnt(obj_description('smart_rules.correction_logs'::regclass, 'pg_class'), NULL,
            'table correction_logs has a comment');
SELECT is_empty($$
    SELECT p.oid::regprocedure
      FROM pg_proc p
     WHERE p.pronamespace = 'smart_rules'::regnamespace
       AND p.proname IN ('apply_rules', 'preview_rules', 'apply_rules_in_place', 'run_summary',
                         'last_run_id', 'current_tenant')
       AND obj_description(p.oid, 'pg_proc') IS NULL
$$, 'every function of the applying area has a comment');

SELECT * FROM finish();
ROLLBACK;
