-- correction_logs and rule_runs: what a run logs (row keys of every kind of source, pii masking),
-- its run row, run_summary(), last_run_id(), the tenant, log => false, all in the caller's
-- transaction, and the monthly partitions pg_partman manages.
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;
-- Logged runs write rows of the current tenant.
SET smart_rules.tenant = 'acme';

CREATE TABLE rule_store (name text PRIMARY KEY, ir rule_ir NOT NULL);
INSERT INTO rule_store VALUES ('sellers', compile_rules($$
ruleset: seller-cleanup
version: 2.0.1
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
    message: invalid CPF for {title}
$$));

-- The partitioned log table is registered with pg_partman: monthly, premade partitions and a
-- default one.
SELECT parent_table, control, partition_type, partition_interval, premake
FROM partman.part_config WHERE parent_table = 'smart_rules.correction_logs';
SELECT count(*) > 4 AS has_premade_partitions,
       bool_or(c.relname = 'correction_logs_default') AS has_default_partition
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'smart_rules.correction_logs'::regclass;

-- Row keys. A single-column primary key: its value.
CREATE TABLE sellers (id int PRIMARY KEY, title text, seller_document text);
INSERT INTO sellers VALUES
    (1, ' Loja  Azul ', '529.982.247-25'),
    (2, 'Loja Verde', '111.111.111-11');
SELECT id, title, seller_document
FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'sellers'), 'sellers', NULL::sellers)
ORDER BY id;

-- pii: the values of seller_document are logged as their SHA-256 digest, never in clear.
SELECT row_key, rule_id, field, old_value, new_value, action, severity, message
FROM correction_logs WHERE run_id = last_run_id()
ORDER BY row_key, rule_id, action;
SELECT count(*) AS digests_match
FROM correction_logs
WHERE run_id = last_run_id() AND field = 'seller_document'
  AND old_value IN ('sha256:' || encode(sha256(convert_to('529.982.247-25', 'UTF8')), 'hex'),
                    'sha256:' || encode(sha256(convert_to('111.111.111-11', 'UTF8')), 'hex'),
                    'sha256:' || encode(sha256(convert_to('11111111111', 'UTF8')), 'hex'));

-- The run row: figures, rule set and version from the program, the source, per-rule figures.
SELECT tenant_id, rule_set, version, source, rows_in, rows_out, rows_changed, corrections,
       violations, rejected, started_at <= finished_at AS times_ordered, elapsed_ms >= 0 AS timed
FROM rule_runs WHERE run_id = last_run_id();
SELECT r.rule->>'rule_id' AS rule_id, r.rule - 'rule_id' - 'ms' AS figures,
       (r.rule->>'ms')::float8 >= 0 AS timed
FROM rule_runs, jsonb_array_elements(per_rule) WITH ORDINALITY AS r(rule, n)
WHERE run_id = last_run_id()
ORDER BY r.n;

-- run_summary(run_id) reads the same figures back.
SELECT (s).run_id = last_run_id() AS same_run, (s).rows_in, (s).rows_out, (s).rows_changed,
       (s).corrections, (s).violations, (s).rejected
FROM (SELECT run_summary(last_run_id()) AS s) r;
SELECT run_summary(-1) IS NULL AS unknown_run;

-- A composite primary key: its columns joined by ','.
CREATE TABLE listings (marketplace text, sku text, title text, seller_document text,
                       PRIMARY KEY (marketplace, sku));
INSERT INTO listings VALUES ('ml', 'A-1', ' caneca ', NULL), ('amazon', 'A-1', 'caneca', NULL);
SELECT count(*) FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'sellers'),
                                 'listings', NULL::listings);
SELECT row_key, rule_id, old_value, new_value FROM correction_logs
WHERE run_id = last_run_id() ORDER BY row_key;

-- No primary key: the ctid of a plain table.
CREATE TABLE raw_sellers (title text, seller_document text);
INSERT INTO raw_sellers VALUES (' a ', NULL), ('b', NULL), (' c', NULL);
SELECT count(*) FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'sellers'),
                                 'raw_sellers', NULL::raw_sellers);
SELECT row_key, old_value, new_value FROM correction_logs
WHERE run_id = last_run_id() ORDER BY row_key;

-- A partitioned table without primary key: partition:ctid.
CREATE TABLE regional_sellers (region text, title text, seller_document text)
    PARTITION BY LIST (region);
CREATE TABLE regional_sellers_south PARTITION OF regional_sellers FOR VALUES IN ('south');
CREATE TABLE regional_sellers_north PARTITION OF regional_sellers FOR VALUES IN ('north');
INSERT INTO regional_sellers VALUES ('south', ' x ', NULL), ('north', ' y ', NULL),
                                    ('north', ' z ', NULL);
SELECT count(*) FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'sellers'),
                                 'regional_sellers', NULL::regional_sellers);
SELECT row_key, old_value, new_value FROM correction_logs
WHERE run_id = last_run_id() ORDER BY row_key;

-- A view: the row's ordinal in the run (1-based), across batches.
CREATE VIEW numbered_sellers AS
    SELECT format('  seller %s ', g) AS title, NULL::text AS seller_document
    FROM generate_series(1, 250) g;
SET smart_rules.batch_size = 100;
SELECT count(*) FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'sellers'),
                                 'numbered_sellers', NULL::raw_sellers);
RESET smart_rules.batch_size;
SELECT count(*) AS events, min(row_key::int), max(row_key::int),
       count(*) FILTER (WHERE new_value = 'seller ' || row_key) AS keyed_by_ordinal
FROM correction_logs WHERE run_id = last_run_id();

-- The tenant: smart_rules.tenant stamps the run and its events; run_summary shows a tenant
-- only its own runs. Without a tenant a logged run is refused before any row is read; a run
-- with log => false needs none.
SELECT current_tenant();
SELECT count(*) FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'sellers'),
                                 'sellers', NULL::sellers);
SELECT DISTINCT tenant_id FROM correction_logs WHERE run_id = last_run_id();
SELECT tenant_id FROM rule_runs WHERE run_id = last_run_id();
SELECT (run_summary(last_run_id())).rows_in AS acme_sees_its_run;
SET smart_rules.tenant = 'globex';
SELECT run_summary(last_run_id()) IS NULL AS globex_sees_nothing;
SET smart_rules.tenant = '';
SELECT current_tenant() IS NULL AS empty_is_no_tenant;
RESET smart_rules.tenant;
SELECT run_summary(last_run_id()) IS NULL AS no_tenant_sees_nothing;
SELECT count(*) FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'sellers'),
                                 'sellers', NULL::sellers);
SELECT count(*) FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'sellers'),
                                 'sellers', NULL::sellers, log => false);
SET smart_rules.tenant = 'acme';

-- log => false writes nothing at all, and last_run_id() becomes null.
SELECT (SELECT count(*) FROM correction_logs) AS logs_before,
       (SELECT count(*) FROM rule_runs) AS runs_before \gset
SELECT count(*) FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'sellers'),
                                 'sellers', NULL::sellers, log => false);
SELECT (SELECT count(*) FROM correction_logs) - :logs_before AS new_logs,
       (SELECT count(*) FROM rule_runs) - :runs_before AS new_runs,
       last_run_id() IS NULL AS no_last_run;

-- Everything is written in the caller's transaction: a rollback leaves nothing.
BEGIN;
SELECT count(*) FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'sellers'),
                                 'sellers', NULL::sellers);
ROLLBACK;
SELECT (SELECT count(*) FROM correction_logs) - :logs_before AS new_logs,
       (SELECT count(*) FROM rule_runs) - :runs_before AS new_runs;

-- A call that fails after its first batch was logged leaves nothing either.
CREATE VIEW failing_sellers AS
    SELECT CASE WHEN g = 150 THEN (1 / (g - 150))::text ELSE format(' seller %s ', g) END AS title,
           NULL::text AS seller_document
    FROM generate_series(1, 250) g;
SET smart_rules.batch_size = 100;
SELECT count(*) FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'sellers'),
                                 'failing_sellers', NULL::raw_sellers);
RESET smart_rules.batch_size;
SELECT (SELECT count(*) FROM correction_logs) - :logs_before AS new_logs,
       (SELECT count(*) FROM rule_runs) - :runs_before AS new_runs;

-- The log tables are extension configuration: pg_dump keeps their data.
SELECT c.relname
FROM pg_extension e, unnest(e.extconfig) AS t(oid) JOIN pg_class c ON c.oid = t.oid
WHERE e.extname = 'smart_rules'
ORDER BY c.relname;

DROP VIEW numbered_sellers, failing_sellers;
DROP TABLE sellers, listings, raw_sellers, regional_sellers, rule_store;
DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
