-- explain_rules: the compiled plan as readable text (rules, fields read and written,
-- conditions, kernels chosen), for reviewing what a rule set will do.
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;

-- A Mercado Livre title cleanup: actions, conditions, regexes, templates and kernels.
-- (Printed unaligned, so that the text reads as explain_rules returns it.)
\pset format unaligned
\pset tuples_only on
SELECT explain_rules(compile_rules($$
ruleset: ml-title-cleanup
version: 1.2.0
marketplace: mercado_livre
description: Clean product titles for Mercado Livre listings
pii: [seller_document]
rules:
  - id: title-normalize
    field: title
    do: [normalize_unicode, trim, collapse_whitespace]
  - id: title-promo-terms
    field: title
    when: title ~* 'frete gr[aá]tis|promo[cç][aã]o'
    do:
      - remove: [frete grátis, frete gratis, promoção, promocao]
    tags: [title, policy]
  - id: title-storage-units
    field: title
    when: matches(title, '[0-9]\s*gb', 'i')
    do:
      - regex_replace: {pattern: '(\d+)\s*gb\b', with: '\1GB', ignore_case: true}
  - id: title-shouting
    field: title
    when: is_all_caps(title) and length(title) > 10
    do: title_case
    message: title of {sku} was all caps
  - id: title-too-long
    field: title
    when: length(title) > 60
    do: {truncate: {max: 60, at: word, ellipsis: '...'}}
    severity: warning
    message: title of {sku} cut to 60 characters
  - id: price-decimal
    field: price
    do: {parse_decimal: {decimal: ',', thousands: '.'}}
  - id: no-stock
    field: stock
    when: number(stock) <= 0 or stock is null
    do: reject
    severity: error
    message: "{sku} has no stock"
$$));
\pset format aligned
\pset tuples_only off

-- STRICT: null in, null out.
SELECT explain_rules(NULL) IS NULL AS null_in_null_out;

DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
