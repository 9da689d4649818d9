-- pgTAP: the marketplace API surface (product type, read_csv, to_csv), the built-in profiles and
-- rule sets, and tenant isolation of profiles as an application role that is not a superuser:
-- tenant A's own profile is A's alone, built-in profiles are read by all and changed by none.
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE SCHEMA IF NOT EXISTS partman;
CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;
CREATE EXTENSION IF NOT EXISTS smart_rules;

SELECT plan(37);

-- The canonical product.
SELECT has_type('smart_rules', 'product', 'type smart_rules.product exists');
SELECT is((SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                             ORDER BY a.attnum)
             FROM pg_attribute a
            WHERE a.attrelid = (SELECT typrelid FROM pg_type
                                 WHERE oid = 'smart_rules.product'::regtype)),
          'sku text, title text, description text, brand text, model text, gtin text, '
          'gtin_exemption_reason text, price text, currency text, stock text, condition text, '
          'category text, image_urls text, ncm text, extra jsonb',
          'product has the contract''s text fields and extra jsonb');

-- Functions.
SELECT has_function('smart_rules', 'read_csv', ARRAY['bytea', 'text', 'jsonb'], 'read_csv(bytea, text, jsonb) exists');
SELECT has_function('smart_rules', 'read_csv', ARRAY['text', 'text', 'jsonb'], 'read_csv(text, text, jsonb) exists');
SELECT function_returns('smart_rules', 'read_csv', ARRAY['bytea', 'text', 'jsonb'], 'setof smart_rules.product',
                        'read_csv returns setof product');
SELECT is(pg_get_function_arguments('smart_rules.read_csv(bytea, text, jsonb)'::regprocedure),
          'data bytea, marketplace text DEFAULT ''generic''::text, options jsonb DEFAULT ''{}''::jsonb',
          'read_csv defaults to the generic profile and no options');
SELECT is_aggregate('smart_rules', 'to_csv', ARRAY['text', 'anyelement'], 'to_csv(text, anyelement) is an aggregate (a product or any row)');
SELECT function_returns('smart_rules', 'to_csv', ARRAY['text', 'anyelement'], 'text', 'to_csv returns text');
SELECT is_aggregate('smart_rules', 'to_csv_bytes', ARRAY['text', 'anyelement'], 'to_csv_bytes(text, anyelement) is an aggregate');
SELECT is_aggregate('smart_rules', 'to_csv_bytes', ARRAY['text', 'anyelement', 'text'],
                    'to_csv_bytes(text, anyelement, text) is an aggregate');
SELECT function_returns('smart_rules', 'to_csv_bytes', ARRAY['text', 'anyelement'], 'bytea', 'to_csv_bytes returns bytea');

-- Built-in profiles and rule sets.
SELECT set_eq($$ SELECT marketplace FROM smart_rules.marketplace_profiles WHERE tenant_id = '*' $$,
              ARRAY['generic', 'mercado_livre', 'amazon'], 'the built-in profiles');
SELECT set_eq($$ SELECT name FROM smart_rules.rule_sets WHERE tenant_id = '*' $$,
              ARRAY['mercado_livre', 'amazon'], 'the built-in rule sets');
SELECT is(smart_rules.current_version('mercado_livre'), '1.0.0', 'mercado_livre 1.0.0 is published');
SELECT is(smart_rules.current_version('amazon'), '1.0.0', 'amazon 1.0.0 is published');
SELECT ok((SELECT bool_and(d.description IS NOT NULL AND d.message IS NOT NULL)
             FROM smart_rules.rule_versions v,
                  jsonb_to_recordset(v.ir::jsonb->'rules') AS d(id text, description text, message text)
            WHERE v.tenant_id = '*'),
          'every built-in rule has a description and a message');
SELECT is((SELECT count(*) FROM smart_rules.rule_sets WHERE tenant_id = '*' AND marketplace IS NULL),
          0::bigint, 'each built-in rule set names its marketplace');

-- Errors of read_csv and to_csv, by SQLSTATE.
SELECT throws_ok($$ SELECT * FROM smart_rules.read_csv(E'sku,title\nA1,"open\n') $$, '22P04', NULL,
                 'an unterminated quoted field is 22P04');
SELECT throws_ok($$ SELECT * FROM smart_rules.read_csv(E'sku,title\nA1,x,y\n') $$, '22P04', NULL,
                 'a row wider than the header is 22P04');
SELECT throws_ok($$ SELECT * FROM smart_rules.read_csv(E'sku,codigo\nA1,A2\n') $$, '22P04', NULL,
                 'two columns for one field is 22P04');
SELECT throws_ok($$ SELECT * FROM smart_rules.read_csv(E'Título\nMouse\n', 'mercado_livre') $$, '22P04', NULL,
                 'a missing required column is 22P04');
SELECT throws_ok($$ SELECT * FROM smart_rules.read_csv('\x736b750a41ff0a'::bytea, options => '{"encoding": "utf-8"}') $$,
                 '22021', NULL, 'bytes invalid in the encoding given are 22021');
SELECT throws_ok($$ SELECT * FROM smart_rules.read_csv('\x736b750a410042'::bytea) $$, '22021', NULL,
                 'a NUL byte is 22021');
SELECT throws_ok($$ SELECT * FROM smart_rules.read_csv(E'sku\nA1\n', 'nowhere') $$, '42704', NULL,
                 'an unknown profile is 42704');
SELECT throws_ok($$ SELECT * FROM smart_rules.read_csv(E'sku\nA1\n', options => '{"quote": "x"}') $$, '22023', NULL,
                 'an unknown option is 22023');
SELECT throws_ok($$ SELECT * FROM smart_rules.read_csv(repeat('a,', 2000)::bytea) $$, '54000', NULL,
                 'more than 1,600 columns is 54000');
SELECT throws_ok($$ SELECT smart_rules.to_csv_bytes('mercado_livre', ROW('A1', '日本', NULL, NULL, NULL, NULL,
                      NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::smart_rules.product) $$,
                 '22P05', NULL, 'a character Windows-1252 cannot hold is 22P05');

-- Tenant isolation of profiles, as an application role.
CREATE ROLE marketplaces_app NOLOGIN;
GRANT USAGE ON SCHEMA smart_rules TO marketplaces_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON smart_rules.marketplace_profiles, smart_rules.marketplace_fields
    TO marketplaces_app;
GRANT ALL ON TABLE __tcache__ TO marketplaces_app;
GRANT ALL ON SEQUENCE __tcache___id_seq, __tresults___numb_seq TO marketplaces_app;
SET LOCAL ROLE marketplaces_app;

SET LOCAL smart_rules.tenant = 'tenant-a';
INSERT INTO smart_rules.marketplace_profiles (marketplace, delimiter) VALUES ('shopee', ',');
INSERT INTO smart_rules.marketplace_fields (marketplace, position, field, header)
VALUES ('shopee', 1, 'sku', 'SKU de referência'), ('shopee', 2, 'title', 'Nome do produto');
SELECT is((SELECT title FROM smart_rules.read_csv(E'SKU de referencia,Nome do produto\nA1,Mug\n', 'shopee')),
          'Mug', 'tenant A reads a file with its own profile');
SELECT is((SELECT count(*) FROM smart_rules.marketplace_profiles), 4::bigint,
          'tenant A sees its profile and the built-ins');

SET LOCAL smart_rules.tenant = 'tenant-b';
SELECT is((SELECT count(*) FROM smart_rules.marketplace_profiles WHERE marketplace = 'shopee'), 0::bigint,
          'tenant B does not see A''s profile');
SELECT throws_ok($$ SELECT * FROM smart_rules.read_csv(E'sku\nA1\n', 'shopee') $$, '42704', NULL,
                 'tenant B cannot read files with A''s profile');
WITH d AS (DELETE FROM smart_rules.marketplace_fields WHERE marketplace = 'shopee' RETURNING 1)
SELECT is(count(*), 0::bigint, 'tenant B deletes none of A''s profile fields') FROM d;
SELECT throws_ok($$ INSERT INTO smart_rules.marketplace_fields (tenant_id, marketplace, position, field, header)
                    VALUES ('tenant-a', 'shopee', 3, 'price', 'Preço') $$,
                 '42501', NULL, 'tenant B cannot add a field to A''s profile');
WITH u AS (UPDATE smart_rules.marketplace_fields SET header = 'mine' WHERE tenant_id = '*' RETURNING 1)
SELECT is(count(*), 0::bigint, 'a tenant changes no built-in profile') FROM u;
SELECT throws_ok($$ INSERT INTO smart_rules.marketplace_profiles (tenant_id, marketplace) VALUES ('*', 'fake') $$,
                 '42501', NULL, 'a tenant cannot add a built-in profile');

RESET smart_rules.tenant;
SELECT is((SELECT count(*) FROM smart_rules.marketplace_profiles), 3::bigint,
          'without a tenant only the built-in profiles are visible');
SELECT throws_ok($$ INSERT INTO smart_rules.marketplace_profiles (marketplace) VALUES ('mine') $$,
                 '42501', NULL, 'without a tenant no profile can be written');

SELECT * FROM finish();
ROLLBACK;
