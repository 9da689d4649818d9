-- apply_rules_in_place: a table's rows corrected where they stand (changed rows updated,
-- unchanged rows untouched, rejected rows deleted), logged like apply_rules; partitioned tables,
-- batches, values that do not convert, and what cannot be corrected in place.
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;
-- Logged runs write rows of the current tenant.
SET smart_rules.tenant = 'shop';

CREATE TABLE rule_store (name text PRIMARY KEY, ir rule_ir NOT NULL);
INSERT INTO rule_store VALUES ('catalog', compile_rules($$
ruleset: catalog-fix
version: 1.0.0
rules:
  - id: title-tidy
    field: title
    do: [trim, collapse_whitespace]
  - id: price-round
    field: price
    when: id > 1
    do: {round: 1}
  - id: unknown-price
    field: price
    when: title = 'mystery box'
    do: {set: 'ask'}
  - id: discontinued
    field: status
    when: status = 'discontinued'
    do: reject
$$));

-- id is an identity column the rules only read: it is never written back.
CREATE TABLE catalog (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title text,
    price numeric(8,2),
    status text
);
INSERT INTO catalog (title, price, status) VALUES
    (' lamp ', 10.26, 'active'),
    ('chair', 20.00, 'active'),
    ('desk  top', 35.55, 'active'),
    ('old sofa', 99.00, 'discontinued'),
    ('mystery box', 5.00, 'active');
CREATE TEMP TABLE catalog_before AS SELECT id, ctid AS row_ctid FROM catalog;

SELECT run_id = last_run_id() AS is_last_run, rows_in, rows_out, rows_changed, corrections,
       violations, rejected, elapsed_ms >= 0 AS timed
FROM apply_rules_in_place((SELECT ir FROM rule_store WHERE name = 'catalog'), 'catalog');

-- Rows stay where they are unless changed (chair's price was already rounded); the
-- discontinued sofa is gone; 'ask' does not convert to numeric: null, logged as coerce.
SELECT c.id, c.title, c.price, c.status, c.ctid = b.row_ctid AS untouched
FROM catalog c JOIN catalog_before b USING (id)
ORDER BY c.id;
SELECT row_key, rule_id, field, old_value, new_value, action, severity, message
FROM correction_logs WHERE run_id = last_run_id()
ORDER BY row_key::int, rule_id NULLS FIRST, action;
SELECT source, rows_in, rows_out, rejected FROM rule_runs WHERE run_id = last_run_id();

-- A second run moves no row: the rounding rule still reports its change of text (20.00 to
-- 20.0), but the value it gives equals the stored one.
CREATE TEMP TABLE catalog_again AS SELECT id, ctid AS row_ctid FROM catalog;
SELECT rows_in, rows_out, rows_changed, corrections, rejected
FROM apply_rules_in_place((SELECT ir FROM rule_store WHERE name = 'catalog'), 'catalog');
SELECT count(*) AS moved FROM catalog c JOIN catalog_again a USING (id)
WHERE c.ctid <> a.row_ctid;

-- A partitioned table: rows are found by partition and ctid; the rejected one is deleted.
CREATE TABLE regional_catalog (
    region text NOT NULL,
    id int,
    title text,
    price numeric(8,2),
    status text
) PARTITION BY LIST (region);
CREATE TABLE regional_catalog_south PARTITION OF regional_catalog FOR VALUES IN ('south');
CREATE TABLE regional_catalog_north PARTITION OF regional_catalog FOR VALUES IN ('north');
INSERT INTO regional_catalog VALUES
    ('south', 1, ' bed ', 100.04, 'active'),
    ('south', 2, 'rug', 30.06, 'discontinued'),
    ('north', 1, 'shelf  unit', 45.55, 'active'),
    ('north', 2, 'stool', 12.00, 'active');
SELECT rows_in, rows_out, rows_changed, corrections, rejected
FROM apply_rules_in_place((SELECT ir FROM rule_store WHERE name = 'catalog'),
                          'regional_catalog');
SELECT tableoid::regclass AS partition, id, title, price, status
FROM regional_catalog ORDER BY region, id;
SELECT row_key, rule_id, old_value, new_value, action FROM correction_logs
WHERE run_id = last_run_id() ORDER BY row_key, rule_id;

-- Batches: 250 rows corrected 100 at a time.
CREATE TABLE many_items (id int PRIMARY KEY, title text, price numeric(8,2), status text);
INSERT INTO many_items
    SELECT g, format(' item %s ', g), g + 0.25, CASE WHEN g % 50 = 0 THEN 'discontinued' ELSE 'active' END
    FROM generate_series(1, 250) g;
SET smart_rules.batch_size = 100;
SELECT rows_in, rows_out, rows_changed, corrections, rejected
FROM apply_rules_in_place((SELECT ir FROM rule_store WHERE name = 'catalog'), 'many_items');
RESET smart_rules.batch_size;
SELECT count(*) AS items, count(*) FILTER (WHERE title = 'item ' || id) AS tidy_titles,
       sum(price) AS total_price
FROM many_items;

-- A view cannot be corrected in place.
CREATE VIEW active_catalog AS SELECT * FROM catalog WHERE status = 'active';
SELECT * FROM apply_rules_in_place((SELECT ir FROM rule_store WHERE name = 'catalog'),
                                   'active_catalog');
\echo :LAST_ERROR_SQLSTATE

-- The caller needs UPDATE on the table: 42501, and nothing is written.
CREATE ROLE smart_rules_reader;
GRANT USAGE ON SCHEMA smart_rules TO smart_rules_reader;
GRANT SELECT ON rule_store, many_items TO smart_rules_reader;
UPDATE many_items SET title = ' again ' WHERE id = 1;
SELECT count(*) AS runs_before FROM rule_runs \gset
SET ROLE smart_rules_reader;
SELECT rows_in FROM apply_rules_in_place((SELECT ir FROM rule_store WHERE name = 'catalog'),
                                         'many_items');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT count(*) - :runs_before AS new_runs FROM rule_runs;
SELECT title FROM many_items WHERE id = 1;

DROP OWNED BY smart_rules_reader;
DROP ROLE smart_rules_reader;
DROP VIEW active_catalog;
DROP TABLE catalog, regional_catalog, many_items, rule_store;
DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
