-- The demo (scripts/demo): a seller's Mercado Livre spreadsheet, exported from Excel
-- (examples/loja-mercado-livre.csv: ';'-separated, Windows-1252, the usual mistakes), is read
-- with read_csv, corrected by the built-in mercado_livre rule set, and written back with
-- to_csv_bytes as a file ready to upload; on the way it shows the rows before and after, every
-- correction with its reason, and the run. Run with psql from the repository root, in a database
-- with smart_rules installed; -v out=PATH names the corrected file (default
-- build/demo/loja-mercado-livre-corrigida.csv; its directory must exist).
\set ON_ERROR_STOP on
\set QUIET on
\pset pager off
\if :{?out}
\else
\set out build/demo/loja-mercado-livre-corrigida.csv
\endif
\set data `base64 -w0 examples/loja-mercado-livre.csv`

-- Logged runs write their corrections as rows of the current tenant.
SET smart_rules.tenant = 'loja-demo';

\echo
\echo '== 1. read the seller''s file: read_csv(bytes, ''mercado_livre'') (encoding, delimiter and header detected)'
CREATE TEMP TABLE upload AS
SELECT p.ordinality AS line, p.sku, p.title, p.description, p.brand, p.model, p.gtin,
       p.gtin_exemption_reason, p.price, p.currency, p.stock, p.condition, p.category,
       p.image_urls, p.ncm, p.extra
  FROM smart_rules.read_csv(decode(:'data', 'base64'), 'mercado_livre') WITH ORDINALITY AS p;
ALTER TABLE upload ADD PRIMARY KEY (line);
SELECT line, sku, title, price, stock, condition, gtin, ncm FROM upload ORDER BY line;

\echo
\echo '== 2. the built-in rule set'
SELECT name, smart_rules.current_version(name) AS version,
       (SELECT jsonb_array_length(v.ir::jsonb->'rules') FROM smart_rules.rule_versions v
         WHERE v.rule_set_id = s.id) AS rules
  FROM smart_rules.rule_sets s WHERE name = 'mercado_livre';

\echo
\echo '== 3. apply it: apply_rules(''mercado_livre'', ''upload'', NULL::upload)'
CREATE TEMP TABLE corrected AS
SELECT * FROM smart_rules.apply_rules('mercado_livre', 'upload', NULL::upload);
SELECT line, sku, title, price, stock, condition, gtin, ncm FROM corrected ORDER BY line;

\echo
\echo '== 4. what was corrected and why (correction_logs of this run; row_key = the file''s data row)'
SELECT row_key AS line, rule_id, field, old_value, new_value, action, severity
  FROM smart_rules.correction_logs
 WHERE run_id = smart_rules.last_run_id()
 ORDER BY row_key::int, ctid;

\echo
\echo '== ... and the messages a seller reads, for the first two rows'
SELECT row_key AS line, message
  FROM smart_rules.correction_logs
 WHERE run_id = smart_rules.last_run_id() AND row_key::int <= 2
 ORDER BY row_key::int, ctid;

\echo
\echo '== 5. the run (run_summary)'
SELECT rows_in, rows_out, rows_changed, corrections, violations, rejected
  FROM smart_rules.run_summary(smart_rules.last_run_id());

\echo
\echo '== 6. the corrected file: to_csv_bytes(''mercado_livre'', row ORDER BY line) (Windows-1252, as Excel opens it)'
CREATE TEMP TABLE corrected_file AS
SELECT smart_rules.to_csv_bytes('mercado_livre', c ORDER BY c.line) AS bytes FROM corrected c;
\set write_file '| base64 -d > ' :out
\pset tuples_only on
\pset format unaligned
\o :write_file
SELECT encode(bytes, 'base64') FROM corrected_file;
\o
\echo 'written to' :out
\echo 'its first lines:'
SELECT left(line, 150)
  FROM corrected_file,
       regexp_split_to_table(convert_from(bytes, 'WIN1252'), E'\r\n') WITH ORDINALITY AS l(line, n)
 WHERE n <= 3 ORDER BY n;
