-- apply_rules: a compiled rule set applied to every row of a table, partitioned table or view,
-- the kept rows shaped as the target's row type (columns not in the source, type conversion,
-- values that do not convert), batches, errors before any row is read, and cancelling.
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;
-- Logged runs write rows of the current tenant.
SET smart_rules.tenant = 'shop';

CREATE TABLE rule_store (name text PRIMARY KEY, ir rule_ir NOT NULL);
INSERT INTO rule_store VALUES ('shop', compile_rules($$
ruleset: shop-basic
version: 1.2.0
rules:
  - id: title-tidy
    field: title
    do: [trim, collapse_whitespace]
  - id: title-shouting
    field: title
    when: is_all_caps(title)
    do: title_case
  - id: price-decimal
    field: price
    do: {parse_decimal: {decimal: ',', thousands: '.', on_invalid: keep}}
    severity: warning
    message: "price of {sku} read as a decimal"
  - id: out-of-stock
    field: stock
    when: number(stock) <= 0
    do: reject
    severity: warning
    message: "{sku} is out of stock"
  - id: status-default
    field: status
    do: {default: 'active'}
$$));
-- The same without the rule on status, for targets without that column.
INSERT INTO rule_store VALUES ('tidy', compile_rules($$
ruleset: shop-tidy
version: 1.0.0
rules:
  - id: title-tidy
    field: title
    do: [trim, collapse_whitespace]
  - id: price-decimal
    field: price
    do: {parse_decimal: {decimal: ',', thousands: '.'}}
  - id: out-of-stock
    field: stock
    when: number(stock) <= 0
    do: reject
$$));

-- Everything arrives as text, as from a marketplace upload.
CREATE TABLE products (
    sku text PRIMARY KEY,
    title text,
    price text,
    stock text,
    active text,
    launched text,
    seller_document text
);
INSERT INTO products VALUES
    ('SKU-1', '  notebook   gamer  ', 'R$ 1.299,90', '5', 'yes', '2024-03-01', '529.982.247-25'),
    ('SKU-2', 'MOUSE SEM FIO', '89,90', '0', 'no', '2024-02-30', '111.444.777-35'),
    ('SKU-3', 'TECLADO MECANICO', 'grátis', '12', 'maybe', 'soon', NULL),
    ('SKU-4', NULL, '10', 'many', 't', '2023-12-31', NULL);

-- The target: typed columns, one that only a rule writes (status), one nobody knows (note).
CREATE TABLE clean_products (
    sku text,
    title varchar(40),
    price numeric(10,2),
    stock integer,
    active boolean,
    launched date,
    status text,
    note text
);

-- Shaping: SKU-2 is rejected; values that do not convert to their column's type become null.
SELECT * FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products',
                          NULL::clean_products)
ORDER BY sku;

-- Each value that did not convert is a violation: action coerce, severity error, no rule.
SELECT row_key, rule_id, field, old_value, new_value, action, severity, message
FROM correction_logs
WHERE run_id = last_run_id()
ORDER BY row_key, rule_id NULLS FIRST, field, action;

SELECT rows_in, rows_out, rows_changed, corrections, violations, rejected
FROM rule_runs WHERE run_id = last_run_id();

-- The result is an ordinary set of rows: it can be inserted directly.
INSERT INTO clean_products
SELECT * FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products',
                          NULL::clean_products, log => false);
SELECT sku, title, status FROM clean_products ORDER BY sku;

-- The source's own row type as target: no conversion, every column passes through.
SELECT *
FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'tidy'), 'products',
                 NULL::products, log => false)
ORDER BY sku;
-- Then the rule on status has no column to write.
SELECT * FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products',
                          NULL::products, log => false);
\echo :LAST_ERROR_SQLSTATE

-- A view as source.
CREATE VIEW products_in_stock AS
    SELECT sku, title, price, stock FROM products WHERE stock <> '0';
SELECT sku, title, price, status
FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products_in_stock',
                 NULL::clean_products, log => false)
ORDER BY sku;

-- A partitioned table as source.
CREATE TABLE offers (
    marketplace text NOT NULL,
    sku text,
    title text,
    price text,
    stock text
) PARTITION BY LIST (marketplace);
CREATE TABLE offers_ml PARTITION OF offers FOR VALUES IN ('mercado_livre');
CREATE TABLE offers_amazon PARTITION OF offers FOR VALUES IN ('amazon');
INSERT INTO offers VALUES
    ('mercado_livre', 'SKU-1', ' SSD  1TB ', '399,00', '3'),
    ('amazon', 'SKU-1', 'SSD 1TB', '419,00', '0'),
    ('amazon', 'SKU-9', 'HEADSET', '199,90', '8');
SELECT marketplace, sku, title, price
FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'tidy'), 'offers',
                 NULL::offers, log => false)
ORDER BY marketplace, sku;

-- A lookup action reads its pairs from a table, with the caller's privileges, once per call.
CREATE TABLE brand_names (alias text, name text);
INSERT INTO brand_names VALUES ('ssd 1tb', 'Kingston SSD 1TB'), ('headset', 'HyperX Headset'),
                               (NULL, 'never matched');
SELECT marketplace, sku, title
FROM apply_rules(compile_rules($$
ruleset: brands
version: 1.0.0
rules:
  - id: title-brand
    field: title
    do:
      - {lookup: {table: public.brand_names, key: alias, value: name}}
$$), 'offers', NULL::offers, log => false)
ORDER BY marketplace, sku;

-- Batches: 250 rows read 100 at a time give the same result as one batch.
CREATE TABLE many_products AS
    SELECT format('SKU-%s', lpad(g::text, 3, '0')) AS sku,
           format('  item   %s ', g) AS title,
           format('%s,5', g) AS price,
           (g % 10)::text AS stock
    FROM generate_series(1, 250) g;
SET smart_rules.batch_size = 100;
SHOW smart_rules.batch_size;
SELECT count(*) AS kept, min(sku), max(sku), sum(price) AS total_price,
       count(*) FILTER (WHERE title = 'item ' || ltrim(substr(sku, 5), '0')) AS tidy_titles
FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'many_products',
                 NULL::clean_products);
SELECT rows_in, rows_out, rejected, corrections
FROM rule_runs WHERE run_id = last_run_id();
RESET smart_rules.batch_size;

-- The batch size is bounded.
SET smart_rules.batch_size = 50;
SET smart_rules.batch_size = 2000000;
-- The prefix is reserved: a misspelled setting is an error.
SET smart_rules.batchsize = 100;

-- Errors before any row is read.
-- A field that is neither a source nor a target column: 42703, with the first rule that uses
-- it and the nearest column name.
SELECT * FROM apply_rules(compile_rules($$
ruleset: typo
version: 1.0.0
rules:
  - id: tidy
    field: title
    do: trim
  - id: cheap
    field: title
    when: number(prcie) < 10
    do: {prefix: 'promo '}
$$), 'products', NULL::clean_products);
\echo :LAST_ERROR_SQLSTATE

-- The target must be a row type.
SELECT * FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products', NULL::text);
\echo :LAST_ERROR_SQLSTATE

-- A role without SELECT on the source: 42501.
CREATE ROLE smart_rules_outsider;
GRANT USAGE ON SCHEMA smart_rules TO smart_rules_outsider;
GRANT SELECT ON rule_store TO smart_rules_outsider;
SELECT count(*) AS runs_before FROM rule_runs \gset
SET ROLE smart_rules_outsider;
SELECT * FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products',
                          NULL::clean_products);
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
-- With SELECT on the source, the same role can apply rules and its run is logged, although it
-- cannot read or write the log tables itself. Row level security applies: it sees SKU-1 and SKU-2
-- only (and SKU-2 is rejected).
GRANT SELECT ON products TO smart_rules_outsider;
CREATE POLICY outsider_sees_two ON products TO smart_rules_outsider
    USING (sku IN ('SKU-1', 'SKU-2'));
ALTER TABLE products ENABLE ROW LEVEL SECURITY;
SET ROLE smart_rules_outsider;
SELECT sku, title
FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products',
                 NULL::clean_products);
SELECT count(*) FROM correction_logs;
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT count(*) - :runs_before AS new_runs FROM rule_runs;
SELECT rows_in, rows_out, rejected FROM rule_runs ORDER BY run_id DESC LIMIT 1;
ALTER TABLE products DISABLE ROW LEVEL SECURITY;

-- A statement timeout cancels a long call within a batch; the call leaves nothing behind.
CREATE TABLE big_products AS
    SELECT format('SKU-%s', g) AS sku, repeat('  big   title ', 20) AS title,
           '1.234,56' AS price, '7' AS stock
    FROM generate_series(1, 300000) g;
SELECT count(*) AS logs_before FROM correction_logs \gset
SET statement_timeout = '50ms';
-- (where within the call the cancel lands varies: no context line)
\set SHOW_CONTEXT never
SELECT count(*) FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'shop'),
                                 'big_products', NULL::clean_products);
\set SHOW_CONTEXT errors
RESET statement_timeout;
SELECT count(*) - :logs_before AS new_logs FROM correction_logs;

DROP OWNED BY smart_rules_outsider;
DROP ROLE smart_rules_outsider;
DROP VIEW products_in_stock;
DROP TABLE big_products, many_products, brand_names, offers, clean_products, products, rule_store;
DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
