-- The operations workflow of docs/operations.md (Analytics; Retention and maintenance; LGPD), as
-- a DBA runs it: roles for an application and for BI, analytics kept fresh by runs, what each
-- role sees, a retention that drops old partitions, an erasure request, and what changes in a
-- repeatable read transaction. (The same, with more cases, as assertions: test/pgtap/analytics*.sql.)
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
\set SHOW_CONTEXT never

-- 1. Roles. The application reads its tenant's figures through the my_ views and answers
-- erasure requests; BI reads every tenant's figures in the materialized views.
CREATE ROLE regress_rules_app NOLOGIN;
GRANT USAGE ON SCHEMA smart_rules TO regress_rules_app;
GRANT SELECT ON smart_rules.rule_sets, smart_rules.rule_versions TO regress_rules_app;
GRANT SELECT ON smart_rules.my_correction_stats_daily, smart_rules.my_rule_run_stats_daily
    TO regress_rules_app;
GRANT EXECUTE ON FUNCTION smart_rules.erase_subject(text) TO regress_rules_app;
CREATE ROLE regress_rules_bi NOLOGIN;
GRANT USAGE ON SCHEMA smart_rules TO regress_rules_bi;
GRANT SELECT ON smart_rules.correction_stats_daily, smart_rules.rule_run_stats_daily,
    smart_rules.analytics_refresh_state TO regress_rules_bi;

-- 2. Analytics refreshed by every logged run (for a database: ALTER DATABASE ... SET
-- smart_rules.analytics_refresh = 'after_run', or an interval such as '5 min').
SET smart_rules.analytics_refresh = 'after_run';

-- 3. Each tenant applies its rule set (seller documents are personal data: pii).
CREATE TABLE products (sku text PRIMARY KEY, title text, seller_document text);
INSERT INTO products VALUES
    ('A-1', ' Caneca  azul ', '529.982.247-25'),
    ('A-2', 'Prato', '111.111.111-11'),
    ('A-3', ' Copo', NULL);
GRANT SELECT ON products TO regress_rules_app;
SET smart_rules.tenant = 'acme';
SELECT smart_rules.create_rule_set('sellers') > 0 AS created;
SELECT smart_rules.add_version('sellers', $$
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
    message: invalid CPF {seller_document}
$$);
SELECT smart_rules.publish_version('sellers', '1.0.0');
SET smart_rules.tenant = 'globex';
SELECT smart_rules.create_rule_set('sellers') > 0 AS created;
SELECT smart_rules.add_version('sellers', $$
ruleset: sellers
version: 2.0.0
rules:
  - id: title-upper
    field: title
    do: [trim, upper]
$$);
SELECT smart_rules.publish_version('sellers', '2.0.0');
RESET smart_rules.tenant;

SET ROLE regress_rules_app;
SET smart_rules.tenant = 'acme';
SELECT sku, title, seller_document
  FROM smart_rules.apply_rules('sellers', 'products', NULL::products) ORDER BY sku;
SET smart_rules.tenant = 'globex';
SELECT sku, title FROM smart_rules.apply_rules('sellers', 'products', NULL::products) ORDER BY sku;

-- 4. What the application sees: its tenant's rows only, fresh after its run.
SELECT rule_set, version, rule_id, field, action, severity, events,
       day = (now() AT TIME ZONE 'UTC')::date AS today
  FROM smart_rules.my_correction_stats_daily ORDER BY rule_id, action;
SET smart_rules.tenant = 'acme';
SELECT rule_set, version, rule_id, field, action, severity, events
  FROM smart_rules.my_correction_stats_daily ORDER BY rule_id, action;
SELECT rule_set, version, runs, rows_in, rows_out, rows_changed, corrections, violations, rejected,
       total_ms >= 0 AND p95_ms <= max_ms AS timed
  FROM smart_rules.my_rule_run_stats_daily;
-- The materialized views themselves are not the application's.
SELECT count(*) FROM smart_rules.correction_stats_daily;
RESET ROLE;

-- 5. What BI sees: every tenant, and how fresh the figures are.
SET ROLE regress_rules_bi;
SELECT tenant_id, rule_set, rule_id, sum(events) AS corrections
  FROM smart_rules.correction_stats_daily
 WHERE action = 'correct' AND day >= (now() AT TIME ZONE 'UTC')::date - 30
 GROUP BY tenant_id, rule_set, rule_id ORDER BY corrections DESC, tenant_id, rule_id;
SELECT tenant_id, version, runs, rows_in, corrections, violations
  FROM smart_rules.rule_run_stats_daily ORDER BY tenant_id;
SELECT refreshes, refreshed_at <= now() AS recorded FROM smart_rules.analytics_refresh_state;
RESET ROLE;

-- 6. Retention: keep six months of logs. pg_partman's maintenance then drops every monthly
-- partition that ends more than six months ago, rows and all.
SELECT smart_rules.set_retention('6 months');
SELECT retention, retention_keep_table
  FROM partman.part_config WHERE parent_table = 'smart_rules.correction_logs';
-- A year-old partition with rows, as a database in use for a year would have.
SELECT partman.create_partition_time('smart_rules.correction_logs',
                                     ARRAY[date_trunc('month', now()) - interval '12 months']);
INSERT INTO smart_rules.correction_logs
    (tenant_id, run_id, rule_set, version, rule_id, row_key, field, action, severity, created_at)
VALUES ('acme', 0, 'sellers', '0.9.0', 'title-tidy', 'A-1', 'title', 'correct', 'info',
        date_trunc('month', now()) - interval '12 months' + interval '3 days');
-- Partitions past the retention, and log rows in them:
CREATE VIEW partitions_past_retention AS
SELECT p.partition_tablename
  FROM partman.show_partitions('smart_rules.correction_logs') p,
       partman.show_partition_info(p.partition_schemaname || '.' || p.partition_tablename,
                                   p_parent_table := 'smart_rules.correction_logs') i
 WHERE i.child_end_time < now() - interval '6 months';
SELECT count(*) AS partitions_past_retention FROM partitions_past_retention;
SELECT count(*) AS rows_past_retention
  FROM smart_rules.correction_logs WHERE created_at < now() - interval '6 months';
-- The scheduled job (pg_cron or cron + psql): maintenance, then the analytics refresh.
SELECT smart_rules.run_maintenance();
SELECT count(*) AS partitions_past_retention FROM partitions_past_retention;
SELECT count(*) AS rows_past_retention
  FROM smart_rules.correction_logs WHERE created_at < now() - interval '6 months';

-- 7. An erasure request: acme's customer asks that everything logged about product A-1 (a
-- seller's listing) be removed. Only acme's rows go; globex's A-1 is another tenant's row.
SELECT tenant_id, count(*) FROM smart_rules.correction_logs WHERE row_key = 'A-1'
 GROUP BY tenant_id ORDER BY tenant_id;
SET ROLE regress_rules_app;
SELECT smart_rules.erase_subject('A-1');
RESET smart_rules.tenant;
SELECT smart_rules.erase_subject('A-1');
RESET ROLE;
SELECT tenant_id, count(*) FROM smart_rules.correction_logs WHERE row_key = 'A-1'
 GROUP BY tenant_id ORDER BY tenant_id;
-- What stays: the other rows, with pii fields as digests and pii placeholders as ***.
SELECT row_key, rule_id, field, old_value, new_value, message
  FROM smart_rules.correction_logs WHERE tenant_id = 'acme' ORDER BY row_key, rule_id;

-- 8. A run in a repeatable read (or serializable) transaction does not refresh the views: it
-- could not see another session's newer refresh. The next run or run_maintenance() does.
SELECT refreshes AS refreshes_before FROM smart_rules.analytics_refresh_state \gset
BEGIN ISOLATION LEVEL REPEATABLE READ;
SET LOCAL smart_rules.tenant = 'acme';
SELECT count(*) FROM smart_rules.apply_rules('sellers', 'products', NULL::products);
COMMIT;
SELECT refreshes - :refreshes_before AS new_refreshes FROM smart_rules.analytics_refresh_state;

RESET smart_rules.analytics_refresh;
DROP VIEW partitions_past_retention;
DROP TABLE products;
DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
DROP OWNED BY regress_rules_app, regress_rules_bi;
DROP ROLE regress_rules_app, regress_rules_bi;
