-- rule_ir: the compiled form. Text output is JSON and text input accepts it back; binary
-- send/receive carry the compact binary form; rule_ir::jsonb works; values are compact.
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;

CREATE TABLE rule_store (name text PRIMARY KEY, ir rule_ir NOT NULL);

-- A one-rule set, and a 16-rule catalog cleanup set (the benchmark's rules).
INSERT INTO rule_store VALUES ('tiny', compile_rules($$
ruleset: tiny
version: 1.0.0
rules:
  - id: title-trim
    field: title
    do: trim
$$));
INSERT INTO rule_store VALUES ('catalog-16', compile_rules($$
ruleset: catalog-cleanup
version: 3.1.0
marketplace: mercado_livre
description: the sixteen rules of the catalog benchmark
rules:
  - id: sku-squeeze
    field: sku
    do: [remove_whitespace, upper]
  - id: title-spaces
    field: title
    do: [trim, collapse_whitespace]
  - id: title-shouting
    field: title
    when: is_all_caps(title)
    do: title_case
  - id: title-cut
    field: title
    when: length(title) > 60
    do: {truncate: {max: 60, at: word}}
    severity: warning
    message: title of {sku} cut to 60 characters
  - id: description-html
    field: description
    do: strip_html
  - id: description-spaces
    field: description
    do: [collapse_whitespace, trim]
  - id: brand-case
    field: brand
    do: [trim, title_case]
  - id: price-decimal
    field: price
    do: {parse_decimal: {decimal: ',', thousands: '.'}}
  - id: price-round
    field: price
    do: {round: 2}
  - id: currency-default
    field: currency
    do: {default: BRL}
  - id: stock-negative
    field: stock
    when: number(stock) < 0
    do: {set: '0'}
  - id: gtin-digits
    field: gtin
    do: digits_only
  - id: gtin-check
    field: gtin
    when: not valid_gtin(gtin)
    do: flag
    severity: error
    message: invalid GTIN {gtin} for {sku}
  - id: condition-map
    field: condition
    do: {map: {values: {novo: new, usado: used, recondicionado: refurbished}}}
  - id: category-separator
    field: category
    do: {regex_replace: {pattern: '\s*>\s*', with: ' > '}}
  - id: image-https
    field: image_urls
    do: {regex_replace: {pattern: '^http://', with: 'https://'}}
$$));

-- The text output is JSON.
SELECT ir FROM rule_store WHERE name = 'tiny';

-- Text input accepts that JSON back: the round trip gives the same value.
SELECT name, ir::text::rule_ir::text = ir::text AS text_round_trip
  FROM rule_store ORDER BY name;

-- rule_ir::jsonb (explicit, and as an assignment cast into a jsonb column).
SELECT name, ir::jsonb ->> 'ruleset' AS ruleset, ir::jsonb ->> 'version' AS version,
       jsonb_array_length(ir::jsonb -> 'rules') AS rules,
       jsonb_path_query_first(ir::jsonb, '$.rules[last].id') AS last_rule
  FROM rule_store ORDER BY name;
CREATE TABLE rule_documents (name text PRIMARY KEY, doc jsonb);
INSERT INTO rule_documents SELECT name, ir FROM rule_store;
SELECT name, d.doc = s.ir::jsonb AS same_document, d.doc::text::rule_ir::text = s.ir::text AS back_to_rule_ir
  FROM rule_documents d JOIN rule_store s USING (name) ORDER BY name;

-- Text input that is not a valid program: 22P02.
SELECT 'not json'::rule_ir;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"ruleset": "tiny"}'::rule_ir;
\echo :LAST_ERROR_SQLSTATE
SELECT replace(ir::text, '"kernel":"trim"', '"kernel":"no_such_kernel"')::rule_ir
  FROM rule_store WHERE name = 'tiny';
\echo :LAST_ERROR_SQLSTATE
SELECT jsonb_set(ir::jsonb, '{format}', '99')::text::rule_ir
  FROM rule_store WHERE name = 'tiny';
\echo :LAST_ERROR_SQLSTATE

-- Binary send: the stored bytes, which start with the magic "SRIR".
SELECT name, convert_from(substr(rule_ir_send(ir), 1, 4), 'UTF8') AS magic
  FROM rule_store ORDER BY name;

-- Binary receive: COPY BINARY out to a file and back in gives the same values.
COPY rule_store TO '/tmp/smart_rules_rule_ir_type.bin' WITH (FORMAT binary);
CREATE TABLE rule_store_copy (LIKE rule_store);
COPY rule_store_copy FROM '/tmp/smart_rules_rule_ir_type.bin' WITH (FORMAT binary);
SELECT s.name, c.ir::text = s.ir::text AS binary_round_trip
  FROM rule_store s JOIN rule_store_copy c USING (name) ORDER BY s.name;

-- Binary input that is not a valid program is refused: 22P03.
COPY (SELECT 'garbage', 'not a program'::bytea)
  TO '/tmp/smart_rules_rule_ir_type_bad.bin' WITH (FORMAT binary);
COPY rule_store_copy FROM '/tmp/smart_rules_rule_ir_type_bad.bin' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
COPY (SELECT 'truncated', substr(rule_ir_send(ir), 1, octet_length(rule_ir_send(ir)) - 1)
        FROM rule_store WHERE name = 'tiny')
  TO '/tmp/smart_rules_rule_ir_type_bad.bin' WITH (FORMAT binary);
COPY rule_store_copy FROM '/tmp/smart_rules_rule_ir_type_bad.bin' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE

-- Values are compact: the 16-rule set is well under 16 KiB, and smaller than its JSON.
SELECT name, pg_column_size(ir) < 16384 AS under_16_kib,
       pg_column_size(ir) < octet_length(ir::text) / 2 AS under_half_the_json
  FROM rule_store ORDER BY name;

-- The type's catalog properties.
SELECT typlen, typstorage, typalign FROM pg_type WHERE oid = 'rule_ir'::regtype;

DROP TABLE rule_documents, rule_store, rule_store_copy;
DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
