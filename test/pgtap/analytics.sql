-- pgTAP: the operations side of correction_logs (issue 6): the partition layout pg_partman keeps,
-- retention actually dropping a partition, erasure of a data subject (count, own tenant only,
-- every partition), pii masking end to end, and who can read the analytics views: an application
-- role that is not a superuser sees only its tenant through the my_ views and cannot read the
-- materialized views; a BI role granted as docs/operations.md says sees every tenant.
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE SCHEMA IF NOT EXISTS partman;
CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;
CREATE EXTENSION IF NOT EXISTS smart_rules;

SELECT plan(54);

-------------------------------------------------------------------------------
-- Partition layout
-------------------------------------------------------------------------------

SELECT results_eq(
    $$SELECT partition_type, partition_interval, premake, infinite_time_partitions,
             ignore_default_data, template_table
        FROM partman.part_config WHERE parent_table = 'smart_rules.correction_logs'$$,
    $$VALUES ('native'::text, '1 mon'::text, 4, true, true,
              'partman.template_smart_rules_correction_logs'::text)$$,
    'pg_partman keeps correction_logs: native, monthly, 4 premade from the current time whatever the default partition holds, with a template');

CREATE TEMPORARY TABLE log_partitions AS
SELECT c.oid::regclass AS partition, c.relname, i.child_start_time AS starts, i.child_end_time AS ends
  FROM pg_inherits h
  JOIN pg_class c ON c.oid = h.inhrelid
  LEFT JOIN LATERAL partman.show_partition_info(c.oid::regclass::text,
                                                p_parent_table := 'smart_rules.correction_logs') i
       ON c.relname <> 'correction_logs_default'
 WHERE h.inhparent = 'smart_rules.correction_logs'::regclass;

SELECT is((SELECT count(*) FROM log_partitions WHERE relname <> 'correction_logs_default'
                                                  AND (starts <> date_trunc('month', starts)
                                                       OR ends <> starts + interval '1 month')),
          0::bigint, 'every partition but the default holds exactly one calendar month');
SELECT set_has($$SELECT starts FROM log_partitions$$,
               $$SELECT date_trunc('month', now()) + m * interval '1 month'
                   FROM generate_series(0, 4) m$$,
               'the current month and the next four are premade');
SELECT ok(EXISTS (SELECT FROM log_partitions WHERE relname = 'correction_logs_default'),
          'a default partition catches rows outside every month');
SELECT is((SELECT count(*) FROM pg_depend d JOIN log_partitions p ON p.partition = d.objid
            WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'e'),
          0::bigint, 'the partitions are not members of the extension (pg_dump keeps them and their rows)');

-- Indexes: on every partition and on the template pg_partman copies into new ones; none on the
-- partitioned table (it would break the restore of a dump: 10_analytics.sql).
CREATE FUNCTION pg_temp.index_list(relation regclass) RETURNS text
    LANGUAGE sql AS $$
        SELECT string_agg(columns, ' ' ORDER BY columns)
          FROM (SELECT min(am.amname) || ' (' || string_agg(a.attname, ',' ORDER BY k.n) || ')'
                       AS columns
                  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                       JOIN pg_am am ON am.oid = c.relam,
                       unnest(i.indkey) WITH ORDINALITY AS k(attnum, n), pg_attribute a
                 WHERE i.indrelid = relation AND a.attrelid = relation AND a.attnum = k.attnum
                 GROUP BY i.indexrelid) s
    $$;
CREATE TEMPORARY TABLE expected_log_indexes AS
SELECT 'brin (created_at) btree (run_id)'::text AS list;
SELECT is(pg_temp.index_list('partman.template_smart_rules_correction_logs'),
          (SELECT list FROM expected_log_indexes),
          'the template has the indexes by run (btree) and by time (BRIN)');
SELECT is((SELECT count(*) FROM log_partitions
            WHERE pg_temp.index_list(partition) IS DISTINCT FROM (SELECT list FROM expected_log_indexes)),
          0::bigint, 'every partition has these indexes');
SELECT is((SELECT count(*) FROM pg_index WHERE indrelid = 'smart_rules.correction_logs'::regclass),
          0::bigint, 'the partitioned table itself has no index');

-------------------------------------------------------------------------------
-- Roles, as docs/operations.md grants them
-------------------------------------------------------------------------------

CREATE ROLE analytics_app NOLOGIN;
GRANT USAGE ON SCHEMA smart_rules TO analytics_app;
GRANT SELECT ON smart_rules.my_correction_stats_daily, smart_rules.my_rule_run_stats_daily
    TO analytics_app;
GRANT EXECUTE ON FUNCTION smart_rules.erase_subject(text) TO analytics_app;
CREATE ROLE analytics_bi NOLOGIN;
GRANT USAGE ON SCHEMA smart_rules TO analytics_bi;
GRANT SELECT ON smart_rules.correction_stats_daily, smart_rules.rule_run_stats_daily,
    smart_rules.analytics_refresh_state TO analytics_bi;
-- pgTAP keeps its results in temporary tables of the session's first role.
GRANT ALL ON TABLE __tcache__ TO analytics_app, analytics_bi;
GRANT ALL ON SEQUENCE __tcache___id_seq, __tresults___numb_seq TO analytics_app, analytics_bi;

-- Two tenants with the same product keys; seller documents are personal data (pii).
CREATE TABLE public.analytics_products (id int PRIMARY KEY, title text, seller_document text);
INSERT INTO public.analytics_products VALUES
    (1, ' Caneca ', '529.982.247-25'), (2, 'Prato  fundo', '111.111.111-11'), (3, 'Copo', NULL);
GRANT SELECT ON public.analytics_products TO analytics_app;
CREATE TABLE public.analytics_rules (ir smart_rules.rule_ir);
INSERT INTO public.analytics_rules VALUES (smart_rules.compile_rules($$
ruleset: sellers
version: 1.0.0
pii: [seller_document]
rules:
  - id: title-tidy
    field: title
    do: [trim, collapse_whitespace]
  - id: document-digits
    field: seller_document
    do: digits_only
  - id: document-check
    field: seller_document
    when: not valid_cpf(seller_document)
    do: flag
    severity: error
    message: invalid CPF {seller_document} on {title}
$$));
GRANT SELECT ON public.analytics_rules TO analytics_app;

SET LOCAL ROLE analytics_app;
SELECT ok(NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user),
          'the application role is subject to row level security');
SET LOCAL smart_rules.tenant = 'acme';
SELECT is((SELECT count(*) FROM smart_rules.apply_rules((SELECT ir FROM public.analytics_rules),
                                                        'public.analytics_products',
                                                        NULL::public.analytics_products)),
          3::bigint, 'tenant acme applies the rule set (logged)');
SET LOCAL smart_rules.tenant = 'globex';
SELECT is((SELECT count(*) FROM smart_rules.apply_rules((SELECT ir FROM public.analytics_rules),
                                                        'public.analytics_products',
                                                        NULL::public.analytics_products)),
          3::bigint, 'tenant globex applies it to the same keys');
RESET ROLE;

-------------------------------------------------------------------------------
-- pii masking, end to end
-------------------------------------------------------------------------------

SELECT is((SELECT count(*) FROM smart_rules.correction_logs
            WHERE field = 'seller_document'
              AND (old_value NOT LIKE 'sha256:%' OR new_value NOT LIKE 'sha256:%')),
          0::bigint, 'every logged value of the pii field is a sha256: digest');
SELECT set_eq($$SELECT old_value FROM smart_rules.correction_logs
                 WHERE tenant_id = 'acme' AND rule_id = 'document-digits'$$,
              $$SELECT 'sha256:' || encode(sha256(convert_to(v, 'UTF8')), 'hex')
                  FROM unnest(ARRAY['529.982.247-25', '111.111.111-11']) v$$,
              'the digest is the SHA-256 of the value''s UTF-8 bytes');
SELECT is((SELECT message FROM smart_rules.correction_logs
            WHERE tenant_id = 'acme' AND rule_id = 'document-check'),
          'invalid CPF *** on Prato fundo', 'a pii placeholder in a message is rendered as ***');
SELECT is((SELECT count(*) FROM smart_rules.correction_logs l
            WHERE l::text ~ '529\.?982\.?247-?25|111\.?111\.?111-?11'),
          0::bigint, 'no log row carries a seller document in clear, in any column or form');
SELECT is((SELECT count(*) FROM pg_attribute
            WHERE attrelid IN ('smart_rules.correction_stats_daily'::regclass,
                               'smart_rules.rule_run_stats_daily'::regclass)
              AND attname IN ('row_key', 'old_value', 'new_value', 'message', 'source')),
          0::bigint, 'the analytics views hold counts only: no row key, value or message');

-------------------------------------------------------------------------------
-- Who reads the analytics views
-------------------------------------------------------------------------------

SELECT ok(smart_rules.refresh_analytics(), 'the owner refreshes the views');
SELECT ok(NOT has_table_privilege('public', 'smart_rules.correction_stats_daily', 'SELECT')
          AND NOT has_table_privilege('public', 'smart_rules.rule_run_stats_daily', 'SELECT'),
          'PUBLIC cannot read the materialized views');
SELECT ok(NOT has_function_privilege('public', 'smart_rules.refresh_analytics()', 'EXECUTE')
          AND NOT has_function_privilege('public', 'smart_rules.run_maintenance(boolean)', 'EXECUTE')
          AND NOT has_function_privilege('public', 'smart_rules.set_retention(interval)', 'EXECUTE')
          AND NOT has_function_privilege('public', 'smart_rules.erase_subject(text)', 'EXECUTE'),
          'PUBLIC cannot refresh, maintain, set the retention or erase');

SET LOCAL ROLE analytics_app;
SET LOCAL smart_rules.tenant = 'acme';
SELECT set_eq($$SELECT DISTINCT tenant_id FROM smart_rules.my_correction_stats_daily$$,
              $$VALUES ('acme')$$, 'acme sees its own correction figures only');
SELECT set_eq($$SELECT rule_id, field, action, severity, events FROM smart_rules.my_correction_stats_daily$$,
              $$VALUES ('title-tidy', 'title', 'correct', 'info', 2::bigint),
                       ('document-digits', 'seller_document', 'correct', 'info', 2),
                       ('document-check', 'seller_document', 'flag', 'error', 1)$$,
              'acme''s figures: events per rule, field, action and severity');
SELECT set_eq($$SELECT tenant_id, runs, rows_in, corrections, violations
                  FROM smart_rules.my_rule_run_stats_daily$$,
              $$VALUES ('acme', 1::bigint, 3::bigint, 4::bigint, 1::bigint)$$,
              'acme sees its own run figures only');
SELECT is((SELECT day FROM smart_rules.my_rule_run_stats_daily),
          (now() AT TIME ZONE 'UTC')::date, 'days are UTC days');
SELECT throws_ok($$SELECT count(*) FROM smart_rules.correction_stats_daily$$, '42501', NULL,
                 'the application role cannot read correction_stats_daily');
SELECT throws_ok($$SELECT count(*) FROM smart_rules.rule_run_stats_daily$$, '42501', NULL,
                 'the application role cannot read rule_run_stats_daily');
SELECT throws_ok($$SELECT smart_rules.refresh_analytics()$$, '42501', NULL,
                 'the application role cannot call refresh_analytics() unless granted');
SELECT throws_ok($$SELECT smart_rules.set_retention('1 day')$$, '42501', NULL,
                 'the application role cannot change the retention');
SET LOCAL smart_rules.tenant = 'globex';
SELECT set_eq($$SELECT DISTINCT tenant_id FROM smart_rules.my_correction_stats_daily
                UNION ALL SELECT DISTINCT tenant_id FROM smart_rules.my_rule_run_stats_daily$$,
              $$VALUES ('globex'), ('globex')$$, 'globex sees its own figures only');
RESET smart_rules.tenant;
SELECT is((SELECT count(*) FROM smart_rules.my_correction_stats_daily)
          + (SELECT count(*) FROM smart_rules.my_rule_run_stats_daily),
          0::bigint, 'without a tenant the my_ views are empty');
RESET ROLE;

SET LOCAL ROLE analytics_bi;
SELECT ok(NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user),
          'the BI role is neither superuser nor BYPASSRLS');
SELECT set_eq($$SELECT DISTINCT tenant_id FROM smart_rules.correction_stats_daily$$,
              $$VALUES ('acme'), ('globex')$$, 'the BI role sees every tenant''s correction figures');
SELECT set_eq($$SELECT tenant_id, runs FROM smart_rules.rule_run_stats_daily$$,
              $$VALUES ('acme', 1::bigint), ('globex', 1::bigint)$$,
              'the BI role sees every tenant''s run figures');
SELECT is((SELECT refreshes FROM smart_rules.analytics_refresh_state), 1::bigint,
          'the BI role reads when the views were refreshed');
SELECT throws_ok($$SELECT count(*) FROM smart_rules.correction_logs$$, '42501', NULL,
                 'the BI role cannot read the raw logs');
RESET ROLE;

-------------------------------------------------------------------------------
-- Erasure (LGPD)
-------------------------------------------------------------------------------

-- Older history of product 1 for both tenants, two months ago (another partition).
INSERT INTO smart_rules.correction_logs
    (tenant_id, run_id, rule_set, version, rule_id, row_key, field, old_value, new_value, action,
     severity, created_at)
SELECT t, 0, 'sellers', '0.9.0', 'title-tidy', '1', 'title', ' Caneca', 'Caneca', 'correct', 'info',
       now() - interval '2 months'
  FROM unnest(ARRAY['acme', 'acme', 'globex']) t;
SELECT cmp_ok((SELECT count(DISTINCT tableoid) FROM smart_rules.correction_logs
                WHERE tenant_id = 'acme' AND row_key = '1'), '>=', 2::bigint,
              'acme''s rows of product 1 lie in more than one partition');
CREATE TEMPORARY TABLE log_counts AS
SELECT tenant_id, row_key = '1' AS subject, count(*) AS n
  FROM smart_rules.correction_logs GROUP BY 1, 2;
GRANT SELECT ON log_counts TO analytics_app;

SET LOCAL ROLE analytics_app;
SELECT throws_ok($$SELECT smart_rules.erase_subject('1')$$, '42501', 'no tenant selected',
                 'erasure without a tenant fails (42501)');
SET LOCAL smart_rules.tenant = 'acme';
SELECT is(smart_rules.erase_subject('1'),
          (SELECT n FROM log_counts WHERE tenant_id = 'acme' AND subject),
          'erase_subject returns how many rows it deleted');
SELECT is(smart_rules.erase_subject('1'), 0::bigint, 'a second erasure finds nothing left');
SELECT is(smart_rules.erase_subject('no such row'), 0::bigint, 'an unknown key erases nothing');
RESET ROLE;

SELECT is((SELECT count(*) FROM smart_rules.correction_logs WHERE tenant_id = 'acme' AND row_key = '1'),
          0::bigint, 'acme''s rows of product 1 are gone from every partition');
SELECT is((SELECT count(*) FROM smart_rules.correction_logs WHERE tenant_id = 'globex' AND row_key = '1'),
          (SELECT n FROM log_counts WHERE tenant_id = 'globex' AND subject),
          'globex''s rows of its own product 1 are untouched');
SELECT is((SELECT count(*) FROM smart_rules.correction_logs WHERE tenant_id = 'acme' AND row_key <> '1'),
          (SELECT n FROM log_counts WHERE tenant_id = 'acme' AND NOT subject),
          'acme''s other rows are untouched');

-------------------------------------------------------------------------------
-- Retention
-------------------------------------------------------------------------------

SELECT lives_ok($$SELECT smart_rules.set_retention('3 months')$$, 'set_retention(''3 months'')');
SELECT results_eq($$SELECT retention, retention_keep_table, retention_schema
                      FROM partman.part_config WHERE parent_table = 'smart_rules.correction_logs'$$,
                  $$VALUES ('3 mons'::text, false, NULL::text)$$,
                  'pg_partman drops (does not keep) partitions older than 3 months');
SELECT throws_ok($$SELECT smart_rules.set_retention('-1 day')$$, '22023', NULL,
                 'a retention must be positive');

-- A partition of six months ago, as pg_partman made it then, with a row.
SELECT lives_ok($$SELECT partman.create_partition_time('smart_rules.correction_logs',
                      ARRAY[date_trunc('month', now()) - interval '6 months'])$$,
                'pg_partman makes the partition of six months ago');
CREATE TEMPORARY TABLE old_partition AS
SELECT format('%I.%I', partition_schema, partition_table)::regclass AS partition
  FROM partman.show_partition_name('smart_rules.correction_logs',
                                   (date_trunc('month', now()) - interval '6 months')::text);
SELECT is(pg_temp.index_list((SELECT partition FROM old_partition)),
          (SELECT list FROM expected_log_indexes),
          'a partition pg_partman makes gets the template''s indexes');
INSERT INTO smart_rules.correction_logs
    (tenant_id, run_id, rule_set, version, rule_id, row_key, field, action, severity, created_at)
VALUES ('acme', 0, 'sellers', '0.1.0', 'title-tidy', '9', 'title', 'correct', 'info',
        date_trunc('month', now()) - interval '6 months' + interval '1 day');
CREATE TEMPORARY TABLE old_partition_name AS SELECT partition::text AS name FROM old_partition;

SELECT is(smart_rules.run_maintenance(refresh => false), false,
          'run_maintenance(refresh => false) maintains without refreshing');
SELECT is((SELECT to_regclass(name) FROM old_partition_name), NULL,
          'the partition past the retention was dropped');
SELECT is((SELECT count(*) FROM smart_rules.correction_logs WHERE row_key = '9'), 0::bigint,
          'its rows went with it');
SELECT ok(EXISTS (SELECT FROM pg_class WHERE oid = (SELECT partition FROM log_partitions
                                                    WHERE starts = date_trunc('month', now()))),
          'the current month''s partition is kept');
SELECT lives_ok($$SELECT smart_rules.set_retention(NULL)$$, 'set_retention(NULL)');
SELECT is((SELECT retention FROM partman.part_config WHERE parent_table = 'smart_rules.correction_logs'),
          NULL, 'with no retention the logs are kept forever');
SELECT ok(smart_rules.run_maintenance(), 'run_maintenance() refreshes the views too');

SELECT * FROM finish();
ROLLBACK;
