-- The demo (scripts/demo): compile the example rule set in the database and show the plan.
-- Run with psql from the repository root, in a database with smart_rules installed;
-- -v rules_file=PATH picks another rule set.
\set ON_ERROR_STOP on
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
