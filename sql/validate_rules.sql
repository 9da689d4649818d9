-- validate_rules: every problem of a rule set at once, ordered by position, as rows; never an
-- error for bad rules. No rows means the rule set is valid.
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;

-- A valid rule set: no rows.
SELECT * FROM validate_rules($$
ruleset: ml-basic
version: 1.4.0
marketplace: mercado_livre
rules:
  - id: title-clean
    field: title
    do: [trim, collapse_whitespace]
  - id: gtin-invalid
    field: gtin
    when: not valid_gtin(gtin)
    do: flag
    severity: error
    message: "invalid GTIN {gtin}"
$$);

-- Several problems at once, ordered by line and column; rule_id is null outside a rule.
SELECT * FROM validate_rules($$
ruleset: ml-basic
version: 1.4
marketplace: mercado-livre
rules:
  - id: title-spaces
    field: title
    do: [trim, collapse_whitespaces]
  - id: title-too-long
    field: title
    when: lenght(title) > 60
    do: {truncate: {max: 60, at: word}}
    severty: warning
  - id: title-units
    field: title
    do: {regex_replace: {pattern: '(\d+ ?un', with: ''}}
  - id: title-spaces
    field: description
    do: strip_html
  - id: gtin-invalid
    field: gtin
    when: not valid_gtin(gtin)
    do: flag
    severity: critical
$$);

-- Warnings are listed with the errors; a rule set with only warnings compiles.
SELECT * FROM validate_rules($$
ruleset: stop-early
version: 1.0.0
rules:
  - id: drop-everything
    field: title
    do: stop
  - id: title-trim
    field: title
    do: trim
$$);

-- Problems that stop the YAML from loading are a single row.
SELECT * FROM validate_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: title-trim
    field: title
    do: [trim, collapse_whitespace
$$);

-- A limit exceeded is a row too (with no position), not an error.
SELECT * FROM validate_rules(E'ruleset: too-big\nversion: 1.0.0\n' ||
                             repeat(E'# padding padding padding padding padding\n', 25000));

-- An empty source is one problem about the whole document.
SELECT * FROM validate_rules('');

-- STRICT: a null source gives no rows.
SELECT count(*) AS problems FROM validate_rules(NULL);

-- The first error row is the error compile_rules raises for the same source.
SELECT line, col, rule_id, message
  FROM validate_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: a
    field: title
    do: collapse_whitespaces
  - id: b
    field: title
    when: lenght(title) > 60
    do: trim
$$) WITH ORDINALITY AS problem(line, col, rule_id, severity, message, n)
 WHERE severity = 'error' ORDER BY n LIMIT 1;

DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
