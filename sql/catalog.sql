-- The rule catalog, as a DBA uses it: create a rule set, add versions, diff them, publish them
-- under the SemVer bump policy, apply by name, deprecate, roll back by publishing a fix; a
-- published version never changes; nothing is written without a tenant. (Tenant isolation
-- under row level security, for a role that is not a superuser, is in test/pgtap/tenancy.sql.)
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;
\set SHOW_CONTEXT never

-- The walkthrough starts from an empty catalog: the built-in rule sets (mercado_livre, amazon)
-- are removed first, past the immutability trigger, as only a superuser can.
SET session_replication_role = replica;
DELETE FROM rule_versions WHERE tenant_id = '*';
DELETE FROM rule_sets WHERE tenant_id = '*';
RESET session_replication_role;

-- Without a tenant, nothing can be written.
SELECT create_rule_set('shop');

SET smart_rules.tenant = 'acme';
SELECT create_rule_set('shop', 'generic', 'tidy product titles and prices') > 0 AS created;
SELECT create_rule_set('shop');
SELECT tenant_id, name, marketplace, description, created_by = current_user AS by_me
  FROM rule_sets;

-- A version is a YAML rule set whose ruleset: is the rule set's name; it is added as a draft.
SELECT add_version('shop', $$
ruleset: shop
version: 1.0.0
rules:
  - id: title-tidy
    field: title
    do: trim
  - id: price-decimal
    field: price
    do: {parse_decimal: {decimal: ',', thousands: '.'}}
$$);
SELECT add_version('shop', $$
ruleset: shop
version: 1.0.0
rules:
  - id: title-tidy
    field: title
    do: trim
$$);
SELECT add_version('shop', $$
ruleset: store
version: 1.0.1
rules:
  - id: title-tidy
    field: title
    do: trim
$$);
SELECT add_version('shop', 'ruleset: shop');
SELECT add_version('nowhere', $$
ruleset: nowhere
version: 1.0.0
rules:
  - id: title-tidy
    field: title
    do: trim
$$);
SELECT version, status, checksum = encode(sha256(convert_to(source, 'UTF8')), 'hex') AS checksum_ok,
       published_at IS NULL AS unpublished
  FROM rule_versions;

-- Nothing is current before the first publication.
SELECT current_version('shop');
CREATE TABLE products (sku text PRIMARY KEY, title text, price text);
INSERT INTO products VALUES ('a-1', '  Blue  mug ', '1.234,50'), ('b-2', 'Red pen', '3,00');
SELECT * FROM apply_rules('shop', 'products', NULL::products);

SELECT publish_version('shop', '1.0.0');
SELECT current_version('shop');
SELECT publish_version('shop', '1.0.0');

-- A patch: only a message changed.
SELECT add_version('shop', $$
ruleset: shop
version: 1.0.1
rules:
  - id: title-tidy
    field: title
    do: trim
    message: "title of {sku} trimmed"
  - id: price-decimal
    field: price
    do: {parse_decimal: {decimal: ',', thousands: '.'}}
$$);
SELECT * FROM diff_versions('shop', '1.0.0', '1.0.1');
SELECT publish_version('shop', '1.0.1');

-- A minor bump: a rule added.
SELECT add_version('shop', $$
ruleset: shop
version: 1.1.0
rules:
  - id: title-tidy
    field: title
    do: trim
    message: "title of {sku} trimmed"
  - id: price-decimal
    field: price
    do: {parse_decimal: {decimal: ',', thousands: '.'}}
  - id: sku-upper
    field: sku
    do: upper
$$);
SELECT * FROM diff_versions('shop', '1.0.1', '1.1.0');
SELECT publish_version('shop', '1.1.0');

-- The actions of a kept rule changed: that needs a major bump, a minor one is refused...
SELECT add_version('shop', $$
ruleset: shop
version: 1.2.0
rules:
  - id: title-tidy
    field: title
    do: [trim, collapse_whitespace]
    message: "title of {sku} trimmed"
  - id: price-decimal
    field: price
    do: {parse_decimal: {decimal: ',', thousands: '.'}}
  - id: sku-upper
    field: sku
    do: upper
$$);
SELECT * FROM diff_versions('shop', '1.1.0', '1.2.0');
SELECT publish_version('shop', '1.2.0');
-- ...unless forced (the DBA knows no consumer depends on the old behaviour).
SELECT publish_version('shop', '1.2.0', force => true);

-- A major bump: a rule removed.
SELECT add_version('shop', $$
ruleset: shop
version: 2.0.0
rules:
  - id: title-tidy
    field: title
    do: [trim, collapse_whitespace]
    message: "title of {sku} trimmed"
  - id: sku-upper
    field: sku
    do: upper
$$);
SELECT * FROM diff_versions('shop', '1.2.0', '2.0.0');
SELECT publish_version('shop', '2.0.0');
SELECT current_version('shop');

-- Versions only go up, in SemVer precedence (1.10.0 > 1.9.0; a pre-release is below its release).
SELECT add_version('shop', $$
ruleset: shop
version: 2.0.0-rc.1
rules:
  - id: title-tidy
    field: title
    do: trim
$$);
SELECT publish_version('shop', '2.0.0-rc.1');
SELECT a, b, semver_compare(a, b)
  FROM (VALUES ('1.9.0', '1.10.0'), ('1.0.0-rc.1', '1.0.0'), ('1.0.0-alpha', '1.0.0-alpha.1'),
               ('1.0.0-alpha.1', '1.0.0-alpha.beta'), ('1.0.0-beta.2', '1.0.0-beta.11'),
               ('1.0.0-rc.1', '1.0.0-beta'), ('1.0.0+build.1', '1.0.0+build.2'),
               ('2.0.0', '2.0.0')) v(a, b);
SELECT semver_compare('1.0', '1.0.0');

-- Apply by name: the current version unless another is asked for. An untyped first argument is
-- a rule set's name (the rule_ir overloads take compiled rules).
SELECT * FROM apply_rules('shop', 'products', NULL::products) ORDER BY sku;
SELECT * FROM apply_rules('shop', 'products', NULL::products, version => '1.0.0', log => false)
 ORDER BY sku;
SELECT * FROM preview_rules('shop', 'products', version => '1.1.0') ORDER BY row_key, rule_id;
-- Later arguments go by name: a bare boolean in fourth place matches the rule_ir overload.
\set VERBOSITY sqlstate
SELECT * FROM apply_rules('shop', 'products', NULL::products, false);
\set VERBOSITY default
SELECT * FROM apply_rules('shop', 'products', NULL::products, '9.9.9');
SELECT * FROM apply_rules('no-such-set', 'products', NULL::products);
-- The runs logged the program's own rule set and version.
SELECT rule_set, version, rows_in, rows_out, corrections FROM rule_runs ORDER BY run_id;

-- Deprecate the current version: the previous one becomes current; the deprecated one is still
-- applied when asked for by version.
SELECT deprecate_version('shop', '2.0.0');
SELECT current_version('shop');
SELECT * FROM apply_rules('shop', 'products', NULL::products, log => false) ORDER BY sku;
SELECT * FROM apply_rules('shop', 'products', NULL::products, '2.0.0', log => false) ORDER BY sku;
SELECT deprecate_version('shop', '2.0.0');

-- Roll back by publishing a fix: the rules of 1.2.0 again, numbered above everything published.
SELECT add_version('shop', replace((SELECT source FROM rule_versions WHERE version = '1.2.0'),
                                   'version: 1.2.0', 'version: 2.1.0'));
SELECT * FROM diff_versions('shop', '2.0.0', '2.1.0');
SELECT publish_version('shop', '2.1.0');
SELECT current_version('shop');
SELECT (apply_rules_in_place('shop', 'products')).rows_changed;
SELECT * FROM products ORDER BY sku;

-- A published (or deprecated) version never changes; a status only moves forward.
UPDATE rule_versions SET source = source || '# edited' WHERE version = '1.0.0';
UPDATE rule_versions SET ir = compile_rules(replace(source, 'version: 2.0.0', 'version: 9.0.0'))
 WHERE version = '2.0.0';
UPDATE rule_versions SET status = 'draft' WHERE version = '1.0.0';
UPDATE rule_versions SET status = 'published' WHERE version = '2.0.0';
DELETE FROM rule_versions WHERE version = '1.0.0';
-- A draft can still be edited.
UPDATE rule_versions SET source = source || '# note' WHERE version = '2.0.0-rc.1';
SELECT version, status FROM rule_versions ORDER BY id;

-- Built-in rule sets (tenant '*', installed with the extension) are shared and read-only: a
-- tenant's own rule set of the same name hides the built-in one.
RESET smart_rules.tenant;
INSERT INTO rule_sets (tenant_id, name) VALUES ('*', 'builtin-demo'), ('*', 'shop');
INSERT INTO rule_versions (rule_set_id, tenant_id, version, source, ir, checksum, status)
SELECT s.id, '*', '1.0.0', src, compile_rules(src), encode(sha256(convert_to(src, 'UTF8')), 'hex'), 'published'
  FROM rule_sets s,
       LATERAL (SELECT format(E'ruleset: %s\nversion: 1.0.0\nrules:\n  - id: tidy\n    field: title\n    do: trim\n',
                              s.name) AS src) v
 WHERE s.tenant_id = '*';
SELECT current_version('builtin-demo'), current_version('shop');
SET smart_rules.tenant = 'acme';
SELECT current_version('builtin-demo'), current_version('shop');
SELECT add_version('builtin-demo', $$
ruleset: builtin-demo
version: 1.1.0
rules:
  - id: tidy
    field: title
    do: trim
$$);
SELECT publish_version('builtin-demo', '1.0.0');

-- pg_dump keeps the users' catalog, not the built-ins.
SELECT c.relname, x.condition
  FROM pg_extension e,
       unnest(e.extconfig, e.extcondition) x(config, condition)
  JOIN pg_class c ON c.oid = x.config
 WHERE e.extname = 'smart_rules' AND c.relname LIKE 'rule\_%'
 ORDER BY 1;

RESET smart_rules.tenant;
DROP TABLE products;
DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
