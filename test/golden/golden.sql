-- One golden test (run.sh): read a seller's file, apply the marketplace's built-in rule set,
-- write the corrected file and the correction log. Variables: marketplace, data (the input file,
-- base64), file_out (the corrected file, base64), log_out (the log as CSV).
SET smart_rules.tenant = 'golden';

-- The rows in file order; the ordinal is the primary key, so a log row_key is the data row's
-- number (1 = the first row after the header).
SET client_min_messages = warning;
DROP TABLE IF EXISTS golden_products;
RESET client_min_messages;
CREATE TABLE golden_products AS
SELECT p.ordinality AS row_number, p.sku, p.title, p.description, p.brand, p.model, p.gtin,
       p.gtin_exemption_reason, p.price, p.currency, p.stock, p.condition, p.category,
       p.image_urls, p.ncm, p.extra
  FROM smart_rules.read_csv(decode(:'data', 'base64'), :'marketplace') WITH ORDINALITY AS p;
ALTER TABLE golden_products ADD PRIMARY KEY (row_number);

CREATE TEMP TABLE golden_corrected AS
SELECT * FROM smart_rules.apply_rules(:'marketplace', 'golden_products', NULL::golden_products);

-- The input exercises the whole rule set: every rule of the built-in version logs something.
CREATE TEMP TABLE golden_run AS
SELECT :'marketplace'::text AS marketplace, smart_rules.last_run_id() AS run_id;
DO $$
DECLARE
    unfired text;
BEGIN
    SELECT string_agg(r.id, ', ' ORDER BY r.n) INTO unfired
      FROM golden_run g
      JOIN smart_rules.rule_sets s ON s.name = g.marketplace AND s.tenant_id = '*'
      JOIN smart_rules.rule_versions v ON v.rule_set_id = s.id AND v.status = 'published',
           jsonb_array_elements(v.ir::jsonb->'rules') WITH ORDINALITY AS e(rule, n),
           LATERAL (SELECT e.rule->>'id' AS id, e.n) r
     WHERE NOT EXISTS (SELECT 1 FROM smart_rules.correction_logs l
                        WHERE l.run_id = g.run_id AND l.rule_id = r.id);
    IF unfired IS NOT NULL THEN
        RAISE EXCEPTION 'rules that never fire on the golden input: %', unfired;
    END IF;
END
$$;

\pset tuples_only on
\pset format unaligned
\o :file_out
SELECT encode(smart_rules.to_csv_bytes(:'marketplace',
                                       ROW(sku, title, description, brand, model, gtin,
                                           gtin_exemption_reason, price, currency, stock,
                                           condition, category, image_urls, ncm,
                                           extra)::smart_rules.product
                                       ORDER BY row_number), 'base64')
  FROM golden_corrected;
\o

-- The log in the order it was written (one partition, one transaction).
\o :log_out
COPY (SELECT row_key AS row_number, rule_id, field, old_value, new_value, action, severity, message
        FROM smart_rules.correction_logs
       WHERE run_id = smart_rules.last_run_id()
       ORDER BY row_key::int, ctid)
  TO STDOUT WITH (FORMAT csv, HEADER);
\o
