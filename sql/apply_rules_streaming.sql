-- apply_rules in FROM is a streaming scan (Custom Scan ApplyRules): the plans it gets, the
-- same rows as the materialized function, a caller that stops early (LIMIT, a cursor), rescans
-- (LATERAL), a statement that writes into its own source, columns and quals, and the places
-- where PostgreSQL keeps the plain function scan.
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;
SET smart_rules.tenant = 'shop';
SET smart_rules.batch_size = 100;

CREATE TABLE items (sku text PRIMARY KEY, title text, price text, dropped_later text);
INSERT INTO items
SELECT format('S%s', lpad(g::text, 3, '0')),
       CASE WHEN g % 3 = 0 THEN upper(format('  item   number %s ', g)) ELSE format('item %s', g) END,
       CASE WHEN g % 5 = 0 THEN 'free' ELSE format('%s,50', g) END,
       'x'
FROM generate_series(1, 250) g;
-- A target whose row type has a dropped column.
CREATE TABLE clean_items (sku text, dropped_soon int, title text, price numeric(8,2));
ALTER TABLE clean_items DROP COLUMN dropped_soon;

SELECT create_rule_set('items');
SELECT publish_version('items', add_version('items', $$
ruleset: items
version: 1.0.0
rules:
  - id: title-tidy
    field: title
    do: [trim, collapse_whitespace]
  - id: title-shouting
    field: title
    when: is_all_caps(title)
    do: title_case
  - id: no-free
    field: price
    when: price = 'free'
    do: reject
  - id: price-decimal
    field: price
    do: {parse_decimal: {decimal: ','}}
$$));
CREATE TABLE rule_store AS SELECT resolve_rules('items') AS ir;

-- By name, with a constant, a sub-select or a parameter: the streaming scan.
EXPLAIN (COSTS OFF) SELECT * FROM apply_rules('items', 'items', NULL::clean_items);
EXPLAIN (COSTS OFF)
SELECT * FROM apply_rules((SELECT ir FROM rule_store), 'items', NULL::clean_items, log => false);
EXPLAIN (COSTS OFF)
SELECT c.sku FROM rule_store r, apply_rules(r.ir, 'items', NULL::clean_items) c
WHERE c.price > 10;
-- The source's size is the row estimate.
ANALYZE items;
EXPLAIN SELECT * FROM apply_rules('items', 'items', NULL::clean_items, log => false);

-- The same rows as the materialized function (WITH ORDINALITY keeps the function scan).
SELECT count(*) AS rows_out,
       count(*) FILTER (WHERE title ~ '^Item Number') AS title_cased,
       sum(price) AS total
FROM apply_rules('items', 'items', NULL::clean_items, log => false);
EXPLAIN (COSTS OFF)
SELECT * FROM apply_rules('items', 'items', NULL::clean_items, log => false) WITH ORDINALITY;
SELECT (SELECT count(*) FROM (
          SELECT * FROM apply_rules('items', 'items', NULL::clean_items, log => false)
          EXCEPT ALL
          SELECT sku, title, price
          FROM apply_rules('items', 'items', NULL::clean_items, log => false) WITH ORDINALITY) d)
       AS only_streamed,
       (SELECT count(*) FROM (
          SELECT sku, title, price
          FROM apply_rules('items', 'items', NULL::clean_items, log => false) WITH ORDINALITY
          EXCEPT ALL
          SELECT * FROM apply_rules('items', 'items', NULL::clean_items, log => false)) d)
       AS only_materialized;

-- Quals and a subset of the columns.
SELECT sku, price FROM apply_rules('items', 'items', NULL::clean_items, log => false)
WHERE price BETWEEN 10 AND 13 ORDER BY sku;
-- A whole-row reference keeps the function scan, and works.
EXPLAIN (COSTS OFF)
SELECT c FROM apply_rules('items', 'items', NULL::clean_items, log => false) c;
SELECT c FROM apply_rules('items', 'items', NULL::clean_items, log => false) c
ORDER BY (c).sku LIMIT 2;

-- A whole logged run: one rule_runs row with every row read.
SELECT count(*) FROM apply_rules('items', 'items', NULL::clean_items);
SELECT rows_in, rows_out, rejected, corrections FROM rule_runs WHERE run_id = last_run_id();

-- LIMIT stops the run early: it is recorded with the rows read so far (whole batches of 100), and
-- the log holds only their corrections.
SELECT sku, title FROM apply_rules('items', 'items', NULL::clean_items) LIMIT 5;
SELECT rows_in, rows_out, rejected FROM rule_runs WHERE run_id = last_run_id();
SELECT count(DISTINCT row_key) AS rows_logged, max(row_key) AS last_row_logged
FROM correction_logs WHERE run_id = last_run_id();

-- A cursor closed before its end, then one read to its end.
BEGIN;
DECLARE early CURSOR FOR SELECT sku FROM apply_rules('items', 'items', NULL::clean_items);
FETCH 2 FROM early;
CLOSE early;
SELECT rows_in, rows_out FROM rule_runs WHERE run_id = last_run_id();
DECLARE whole CURSOR FOR SELECT sku FROM apply_rules('items', 'items', NULL::clean_items);
FETCH 3 FROM whole;
MOVE FORWARD ALL IN whole;
CLOSE whole;
SELECT rows_in, rows_out FROM rule_runs WHERE run_id = last_run_id();
-- A cursor still open at commit ends its run then.
DECLARE at_commit CURSOR FOR SELECT sku FROM apply_rules('items', 'items', NULL::clean_items);
FETCH 1 FROM at_commit;
COMMIT;
SELECT rows_in, rows_out FROM rule_runs WHERE run_id = last_run_id();

-- LATERAL: one run per source.
CREATE TABLE more_items (LIKE items INCLUDING ALL);
INSERT INTO more_items SELECT * FROM items WHERE sku <= 'S006';
SELECT s.source, count(c.*) AS rows_out
FROM (VALUES ('items'::regclass), ('more_items'::regclass)) s(source),
     LATERAL apply_rules('items', s.source, NULL::clean_items, log => false) c
GROUP BY s.source ORDER BY s.source::text;

-- A statement that writes into its own source reads the source as it was when it began.
CREATE TABLE loop_items (LIKE items);
INSERT INTO loop_items SELECT * FROM items;
INSERT INTO loop_items
SELECT sku || '-again', title, price::text, 'y'
FROM apply_rules('items', 'loop_items', NULL::clean_items, log => false);
SELECT count(*) AS rows_now, count(*) FILTER (WHERE sku LIKE '%-again') AS written
FROM loop_items;

-- Errors are raised before any row is read, from the scan as from the function.
\set VERBOSITY terse
SELECT * FROM apply_rules('items', 'items', NULL::text);
SELECT * FROM apply_rules('no_such_rules', 'items', NULL::clean_items);
SELECT * FROM apply_rules(NULL::rule_ir, 'items', NULL::clean_items);
RESET smart_rules.tenant;
SELECT * FROM apply_rules('items', 'items', NULL::clean_items);

DROP TABLE items, more_items, loop_items, clean_items, rule_store;
DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
