-- equivalence.sql: proves that smart_rules.apply_rules with test/bench/rules/bench16.yaml gives
-- exactly the rows of the hand-written SQL of the benchmark (reference/rules_sql.sql), on the
-- gen.sql catalog already loaded in the current database (table products, type clean_product_t).
-- Run by equivalence.sh, which sets two psql variables:
--   rules_sql_select  the SELECT of reference/rules_sql.sql (its COPY (...) TO wrapper removed)
--   bench16           the YAML source of rules/bench16.yaml
-- Rows are compared in their text form (row::text, what COPY writes): stricter than comparing
-- values, as 12.5 and 12.50 are equal numerics but differ as text. A difference raises an error.
\set ON_ERROR_STOP 1
\pset footer off

CREATE VIEW rules_sql_output AS :rules_sql_select;

CREATE TABLE bench_rules AS SELECT smart_rules.compile_rules(:'bench16') AS ir;

CREATE TABLE reference_output AS SELECT * FROM rules_sql_output;
CREATE TABLE smart_rules_output AS
  SELECT * FROM smart_rules.apply_rules((SELECT ir FROM bench_rules), 'products',
                                        NULL::clean_product_t, log => false);
-- The same with logging on: the output must not depend on it.
SET smart_rules.tenant = 'bench';
CREATE TABLE smart_rules_logged_output AS
  SELECT * FROM smart_rules.apply_rules((SELECT ir FROM bench_rules), 'products',
                                        NULL::clean_product_t, log => true);

CREATE VIEW differences AS
  SELECT 'only in apply_rules' AS side, row_text
  FROM (SELECT s::text AS row_text FROM smart_rules_output s
        EXCEPT ALL SELECT r::text FROM reference_output r) only_ours
  UNION ALL
  SELECT 'only in rules_sql', row_text
  FROM (SELECT r::text FROM reference_output r
        EXCEPT ALL SELECT s::text FROM smart_rules_output s) only_reference(row_text)
  UNION ALL
  SELECT 'log => true differs from log => false', row_text
  FROM ((SELECT l::text FROM smart_rules_logged_output l
         EXCEPT ALL SELECT s::text FROM smart_rules_output s)
        UNION ALL
        (SELECT s::text FROM smart_rules_output s
         EXCEPT ALL SELECT l::text FROM smart_rules_logged_output l)) logged(row_text);

SELECT (SELECT count(*) FROM products) AS source_rows,
       (SELECT count(*) FROM reference_output) AS rules_sql_rows,
       (SELECT count(*) FROM smart_rules_output) AS apply_rules_rows,
       (SELECT count(*) FROM differences) AS differing_rows;

-- Where they differ, column by column (matched on id), with a few examples: what to fix.
SELECT field, count(*) AS rows_differing,
       (array_agg(format('id %s: rules_sql %s, apply_rules %s', id,
                         coalesce(quote_literal(reference_value), 'NULL'),
                         coalesce(quote_literal(smart_rules_value), 'NULL')) ORDER BY id))[1:3]
         AS examples
FROM (SELECT r.id, reference_field.key AS field, reference_field.value AS reference_value,
             smart_rules_field.value AS smart_rules_value
      FROM reference_output r
      JOIN smart_rules_output s ON s.id = r.id
      CROSS JOIN LATERAL jsonb_each_text(to_jsonb(r)) reference_field
      JOIN LATERAL jsonb_each_text(to_jsonb(s)) smart_rules_field
        ON smart_rules_field.key = reference_field.key
      WHERE reference_field.value IS DISTINCT FROM smart_rules_field.value) differing_fields
GROUP BY field
ORDER BY field;

SELECT side, count(*) AS rows, left(min(row_text), 300) AS first_example
FROM differences GROUP BY side ORDER BY side;

SELECT (SELECT count(*) FROM differences) = 0
       AND (SELECT count(*) FROM smart_rules_output) = (SELECT count(*) FROM reference_output)
       AS equivalent \gset
\if :equivalent
\echo 'equivalence: apply_rules(bench16.yaml) = rules_sql.sql, row for row'
\else
DO $$ BEGIN RAISE EXCEPTION 'apply_rules(bench16.yaml) and rules_sql.sql differ (see above)'; END $$;
\endif
