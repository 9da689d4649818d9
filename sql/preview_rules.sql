-- preview_rules: a dry run that lists every event apply_rules would log (failed conversions to
-- the target's types included), limited to max_rows source rows, writing nothing.
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;
-- Logged runs write rows of the current tenant.
SET smart_rules.tenant = 'shop';

CREATE TABLE rule_store (name text PRIMARY KEY, ir rule_ir NOT NULL);
INSERT INTO rule_store VALUES ('shop', compile_rules($$
ruleset: shop-preview
version: 0.9.0
pii: [seller_document]
rules:
  - id: title-tidy
    field: title
    do: [trim, collapse_whitespace]
  - id: price-decimal
    field: price
    do: {parse_decimal: {decimal: ',', thousands: '.', on_invalid: keep}}
    severity: warning
    message: "price of {sku} read as a decimal"
  - id: out-of-stock
    field: stock
    when: number(stock) <= 0
    do: reject
    message: "{sku} is out of stock"
  - id: document-digits
    field: seller_document
    do: digits_only
$$));

CREATE TABLE products (sku text PRIMARY KEY, title text, price text, stock text,
                       seller_document text);
INSERT INTO products VALUES
    ('SKU-1', ' caneca  azul ', '19,90', '3', '529.982.247-25'),
    ('SKU-2', 'prato', 'caro', '4', NULL),
    ('SKU-3', 'copo', '5,00', '0', NULL),
    ('SKU-4', 'garfo', '2,50', 'muitos', NULL);
CREATE TABLE typed_products (sku text, title text, price numeric(8,2), stock int,
                             seller_document text);

SELECT (SELECT count(*) FROM correction_logs) AS logs_before,
       (SELECT count(*) FROM rule_runs) AS runs_before \gset

-- Fields are the source's own columns (text): no conversion, so no coerce events.
SELECT * FROM preview_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products')
ORDER BY row_key, rule_id, action;

-- With a typed target, the values that would not convert are listed too.
SELECT * FROM preview_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products',
                            'typed_products')
ORDER BY row_key, rule_id NULLS FIRST, field, action;

-- max_rows limits the source rows read.
SELECT DISTINCT row_key
FROM preview_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products',
                   max_rows => 2)
ORDER BY row_key;

-- The same events apply_rules logs.
SELECT count(*) FROM apply_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products',
                                 NULL::typed_products);
(SELECT row_key, rule_id, field, old_value, new_value, action, severity, message
 FROM correction_logs WHERE run_id = last_run_id()
 EXCEPT
 SELECT * FROM preview_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products',
                             'typed_products'))
UNION ALL
(SELECT * FROM preview_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products',
                             'typed_products')
 EXCEPT
 SELECT row_key, rule_id, field, old_value, new_value, action, severity, message
 FROM correction_logs WHERE run_id = last_run_id());
SELECT last_run_id() AS applied_run \gset

-- Previews write nothing, and do not count as runs for last_run_id().
SELECT count(*) FROM preview_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products');
SELECT (SELECT count(*) FROM correction_logs) - :logs_before =
           (SELECT count(*) FROM correction_logs WHERE run_id = :applied_run) AS only_apply_logged,
       (SELECT count(*) FROM rule_runs) - :runs_before AS runs,
       last_run_id() = :applied_run AS last_run_unchanged;

-- A view as source: rows keyed by their ordinal.
CREATE VIEW cheap_products AS SELECT * FROM products WHERE sku <> 'SKU-1';
SELECT row_key, rule_id, old_value, new_value
FROM preview_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'cheap_products')
ORDER BY row_key, rule_id;

-- Errors. A field that is not a column of the source (no target given): 42703.
SELECT * FROM preview_rules(compile_rules($$
ruleset: typo
version: 1.0.0
rules:
  - id: tidy
    field: titel
    do: trim
$$), 'products');
\echo :LAST_ERROR_SQLSTATE
-- The target must be a row type.
SELECT * FROM preview_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products',
                            'integer');
\echo :LAST_ERROR_SQLSTATE
-- max_rows must be positive.
SELECT * FROM preview_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'products',
                            max_rows => 0);
\echo :LAST_ERROR_SQLSTATE
-- The rules must be given.
SELECT * FROM preview_rules(NULL, 'products');
\echo :LAST_ERROR_SQLSTATE
-- A source that is neither a table nor a view.
CREATE SEQUENCE product_numbers;
SELECT * FROM preview_rules((SELECT ir FROM rule_store WHERE name = 'shop'), 'product_numbers');
\echo :LAST_ERROR_SQLSTATE

DROP SEQUENCE product_numbers;
DROP VIEW cheap_products;
DROP TABLE products, typed_products, rule_store;
DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
