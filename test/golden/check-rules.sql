-- Development aid for the built-in rule sets (not a test suite; the golden tests are): loads
-- test/golden/<marketplace>/input.* into plain text tables, applies the built-in rule set of
-- that name under the tenant 'golden', and prints the corrected rows, every log entry, the rules
-- that logged nothing and the problems left for the seller. Run from the repository root, in a
-- database with the extension installed:
--   psql -X -d <db> -f test/golden/check-rules.sql
\set ON_ERROR_STOP on
\pset pager off
-- Unaligned: long descriptions would otherwise pad every line to their width.
\pset format unaligned
\pset fieldsep ' | '
SET smart_rules.tenant = 'golden';

-- The columns of the canonical product model in the files' own column order; the columns the
-- profiles send to extra are plain columns here. row_no numbers the data rows from 1 and is the
-- row_key of the log.
CREATE TEMP TABLE ml_input (
    row_no int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku text, title text, description text, brand text, model text, gtin text,
    gtin_exemption_reason text, price text, currency text, stock text, condition text,
    listing_type text, category text, image_urls text, ncm text, warranty text);
\copy ml_input (sku, title, description, brand, model, gtin, gtin_exemption_reason, price, currency, stock, condition, listing_type, category, image_urls, ncm, warranty) FROM 'test/golden/mercado_livre/input.csv' WITH (FORMAT csv, DELIMITER ';', ENCODING 'WIN1252', HEADER)

-- Amazon: the flat file's first two rows (metadata, labels) are skipped; row 3 is the header.
CREATE TEMP TABLE amazon_input (
    row_no int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feed_product_type text, sku text, brand text, title text, gtin text,
    external_product_id_type text, gtin_exemption_reason text, model text, description text,
    update_delete text, price text, currency text, stock text, condition text, category text,
    image_urls text, other_image_url1 text,
    ncm text);  -- not in the file: the canonical model has it, the Amazon rules do not use it
\copy amazon_input (feed_product_type, sku, brand, title, gtin, external_product_id_type, gtin_exemption_reason, model, description, update_delete, price, currency, stock, condition, category, image_urls, other_image_url1) FROM PROGRAM 'tail -n +3 test/golden/amazon/input.txt' WITH (FORMAT csv, DELIMITER E'\t', ENCODING 'UTF8', HEADER)

SELECT smart_rules.current_version('mercado_livre') AS mercado_livre_version,
       smart_rules.current_version('amazon') AS amazon_version;

CREATE TEMP TABLE ml_output AS
    SELECT * FROM smart_rules.apply_rules('mercado_livre', 'ml_input', NULL::ml_input);
SELECT smart_rules.last_run_id() AS ml_run \gset
CREATE TEMP TABLE amazon_output AS
    SELECT * FROM smart_rules.apply_rules('amazon', 'amazon_input', NULL::amazon_input);
SELECT smart_rules.last_run_id() AS amazon_run \gset

\pset fieldsep ': '
\x on
SELECT * FROM ml_output ORDER BY row_no;
SELECT * FROM amazon_output ORDER BY row_no;
\x off
\pset fieldsep ' | '

-- Every log entry of both runs, in row order, then in rule order.
SELECT l.rule_set, l.row_key, l.rule_id, l.field, l.action, l.severity,
       l.old_value, l.new_value, l.message
FROM smart_rules.correction_logs l
JOIN smart_rules.rules_by_id(smart_rules.resolve_rules(l.rule_set)) WITH ORDINALITY r(rule_id, rule, rule_no)
  ON r.rule_id = l.rule_id
WHERE l.run_id IN (:ml_run, :amazon_run)
ORDER BY l.rule_set DESC, l.row_key::int, r.rule_no;

-- Rules that logged nothing: the golden inputs should make every rule log at least once.
SELECT s.rule_set, r.rule_id AS silent_rule
FROM (VALUES ('mercado_livre', :ml_run), ('amazon', :amazon_run)) s(rule_set, run_id)
CROSS JOIN LATERAL smart_rules.rules_by_id(smart_rules.resolve_rules(s.rule_set)) r
WHERE NOT EXISTS (SELECT FROM smart_rules.correction_logs l
                  WHERE l.run_id = s.run_id AND l.rule_id = r.rule_id)
ORDER BY 1, 2;

-- What the seller must still fix: the flags of each row, one line per row.
SELECT l.rule_set, l.row_key,
       string_agg(l.rule_id || ' (' || l.severity || ')', ', ' ORDER BY l.rule_id) AS flags
FROM smart_rules.correction_logs l
WHERE l.run_id IN (:ml_run, :amazon_run) AND l.action = 'flag'
GROUP BY 1, 2
ORDER BY 1 DESC, l.row_key::int;

SELECT rule_set, rows_in, rows_out, rows_changed, corrections, violations, rejected
FROM smart_rules.rule_runs WHERE run_id IN (:ml_run, :amazon_run) ORDER BY run_id;
