-- The demo (scripts/demo): compile the example rule set in the database, show its plan, apply
-- it to a small uploaded catalog and show the rows before and after, the corrections and the run.
-- Run with psql from the repository root, in a database with smart_rules installed;
-- -v rules_file=PATH picks another rule set.
\set ON_ERROR_STOP on
\set QUIET on
\pset pager off
\if :{?rules_file}
\else
\set rules_file examples/catalog-cleanup.yaml
\endif
\set rules_source `cat :'rules_file'`

\echo
\echo '== compile the rule set into a rule_ir value'
CREATE TEMP TABLE demo_rules AS
SELECT smart_rules.compile_rules(:'rules_source') AS ir;
SELECT pg_column_size(ir) AS rule_ir_bytes FROM demo_rules;

\echo
\echo '== explain_rules: what the rule set will do'
\pset format unaligned
\pset tuples_only on
SELECT smart_rules.explain_rules(ir) FROM demo_rules;

\pset format aligned
\pset tuples_only off
\echo
\echo '== a seller''s uploaded catalog, as it arrived'
CREATE TEMP TABLE uploaded_products (
  sku text PRIMARY KEY, title text, brand text, gtin text, price text, stock text,
  condition text, ncm text, description text
);
INSERT INTO uploaded_products VALUES
  ('MS-01', '  MOUSE ÓPTICO   SEM FIO USB  ', ' logitech ', '4006381333931', 'R$ 89,90', '12',
   'Novo', '8471.60.53', '<p>Mouse &amp; receptor <b>USB</b></p>'),
  ('KB-02', 'Teclado mecânico ABNT2 frete grátis com iluminação RGB e apoio de pulso destacável',
   NULL, '7891000315508', '1.234,56', '', 'usado', '84716052', NULL),
  ('HS-03', 'Headset gamer', 'HyperX', '036000291452', 'consulte', '3', 'recondicionado', NULL,
   'Som surround 7.1');
SELECT sku, title, brand, gtin, price, stock, condition, ncm FROM uploaded_products ORDER BY sku;

\echo
\echo '== apply_rules: the same rows, corrected (price and stock typed by the target table)'
CREATE TEMP TABLE clean_products (
  sku text, title text, brand text, gtin text, price numeric(12,2), stock int,
  condition text, ncm text, description text
);
-- A logged run writes its corrections as rows of the current tenant.
SET smart_rules.tenant = 'demo-seller';
INSERT INTO clean_products
SELECT * FROM smart_rules.apply_rules((SELECT ir FROM demo_rules), 'uploaded_products',
                                      NULL::clean_products);
SELECT sku, title, brand, gtin, price, stock, condition, ncm, description
  FROM clean_products ORDER BY sku;

\echo
\echo '== what was corrected and why (correction_logs of this run)'
SELECT row_key AS sku, rule_id, field, old_value, new_value, action, severity, message
  FROM smart_rules.correction_logs
 WHERE run_id = smart_rules.last_run_id()
 ORDER BY row_key, rule_id;

\echo
\echo '== the run (run_summary)'
SELECT rows_in, rows_out, rows_changed, corrections, violations, rejected
  FROM smart_rules.run_summary(smart_rules.last_run_id());
