-- compile_rules: YAML rule sets compiled into rule_ir, and every class of compile error with
-- its SQLSTATE (printed after each error from psql's LAST_ERROR_SQLSTATE), DETAIL and HINT.
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;

-- A realistic Mercado Livre rule set compiles.
SELECT pg_typeof(compile_rules($$
ruleset: ml-basic
version: 1.4.0
marketplace: mercado_livre
description: Clean Mercado Livre uploads
pii: [seller_document]
rules:
  - id: title-clean
    field: title
    do: [trim, collapse_whitespace]
  - id: title-too-long
    field: title
    when: length(title) > 60
    do: {truncate: {max: 60, at: word}}
    severity: warning
    message: "title of {sku} was too long"
    tags: [title]
  - id: gtin-digits
    field: gtin
    do: digits_only
  - id: gtin-invalid
    field: gtin
    when: not valid_gtin(gtin)
    do: flag
    severity: error
    message: "invalid GTIN {gtin}"
  - id: price-decimal
    field: price
    do: {parse_decimal: {decimal: ',', thousands: '.'}}
  - id: brand-title-case
    field: brand
    when: is_all_caps(brand)
    do: title_case
  - id: condition-map
    field: condition
    do: {map: {values: {novo: new, usado: used, recondicionado: refurbished}}}
  - id: no-stock
    field: stock
    when: number(stock) <= 0
    do: reject
$$));

-- An Amazon-flavoured rule set with a pre-release version compiles too.
SELECT compile_rules($$
ruleset: amazon-titles
version: 2.0.0-rc.1
marketplace: amazon
rules:
  - id: strip-promo
    field: title
    do:
      - {remove: [free shipping, best price, "!!!"]}
      - {regex_replace: {pattern: '\s*\(\d+ ?un\)$', with: ''}}
  - id: title-case
    field: title
    when: is_all_caps(title) and word_count(title) >= 2
    do: title_case
  - id: gtin-exemption
    field: gtin_exemption_reason
    when: is_empty(gtin) and brand ~* '^(generic|gen[eé]rico)$'
    do: {set: 'generic brand {brand}'}
$$) IS NOT NULL AS compiled;

-- STRICT: a null source gives null.
SELECT compile_rules(NULL) IS NULL AS null_in_null_out;

-- Warnings do not stop compilation: they are reported as WARNING, with DETAIL.
SELECT compile_rules($$
ruleset: stop-early
version: 1.0.0
rules:
  - id: drop-everything
    field: title
    do: stop
  - id: title-trim
    field: title
    do: trim
$$) IS NOT NULL AS compiled;

-- 42601 syntax_error: YAML that does not parse.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: title-trim
    field: title
    do: [trim, collapse_whitespace
$$);
\echo :LAST_ERROR_SQLSTATE

-- 42601 syntax_error: an expression that does not parse.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: title-too-long
    field: title
    when: length(title) > and true
    do: {truncate: {max: 60}}
$$);
\echo :LAST_ERROR_SQLSTATE

-- 22023 invalid_parameter_value: an unknown key, with the nearest valid key as HINT.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: title-too-long
    field: title
    when: length(title) > 60
    do: flag
    severty: warning
$$);
\echo :LAST_ERROR_SQLSTATE

-- 22023: an unknown action, with the nearest action as HINT.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: title-spaces
    field: title
    do: [trim, collapse_whitespaces]
$$);
\echo :LAST_ERROR_SQLSTATE

-- 22023: a missing required key.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: title-trim
    do: trim
$$);
\echo :LAST_ERROR_SQLSTATE

-- 22023: a value of the wrong type.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: title-cut
    field: title
    do: {truncate: {max: sixty}}
$$);
\echo :LAST_ERROR_SQLSTATE

-- 22023: a duplicate rule id.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: title-trim
    field: title
    do: trim
  - id: title-trim
    field: description
    do: trim
$$);
\echo :LAST_ERROR_SQLSTATE

-- 22023: an id that is not a slug.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: Title Trim
    field: title
    do: trim
$$);
\echo :LAST_ERROR_SQLSTATE

-- 22023: a version that is not SemVer.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.4
rules:
  - id: title-trim
    field: title
    do: trim
$$);
\echo :LAST_ERROR_SQLSTATE

-- 22023: an unknown severity.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: gtin-invalid
    field: gtin
    when: not valid_gtin(gtin)
    do: flag
    severity: critical
$$);
\echo :LAST_ERROR_SQLSTATE

-- 22023: an empty source.
SELECT compile_rules('');
\echo :LAST_ERROR_SQLSTATE

-- 2201B invalid_regular_expression: a pattern RE2 rejects.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: title-units
    field: title
    do: {regex_replace: {pattern: '(\d+ ?un', with: ''}}
$$);
\echo :LAST_ERROR_SQLSTATE

-- 42883 undefined_function: an unknown function in an expression.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: title-too-long
    field: title
    when: lenght(title) > 60
    do: {truncate: {max: 60}}
$$);
\echo :LAST_ERROR_SQLSTATE

-- 42804 datatype_mismatch: a condition that is not boolean.
SELECT compile_rules($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: title-trim
    field: title
    when: title
    do: trim
$$);
\echo :LAST_ERROR_SQLSTATE

-- 54000 program_limit_exceeded: a source larger than 1 MiB.
SELECT compile_rules(E'ruleset: too-big\nversion: 1.0.0\n' ||
                     repeat(E'# padding padding padding padding padding\n', 25000) ||
                     E'rules:\n  - id: t\n    field: title\n    do: trim\n');
\echo :LAST_ERROR_SQLSTATE

-- 54000: an expression nested more than 64 levels deep.
SELECT compile_rules(format($$
ruleset: ml-basic
version: 1.0.0
rules:
  - id: deep
    field: title
    when: %s
    do: trim
$$, repeat('(', 70) || 'length(title) > 1' || repeat(')', 70)));
\echo :LAST_ERROR_SQLSTATE

-- With several errors, the first by position is raised.
SELECT compile_rules($$
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
$$);
\echo :LAST_ERROR_SQLSTATE

DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
