-- pgTAP: tenant isolation of the rule catalog under row level security, as an application role
-- that is not a superuser (superusers bypass RLS): tenant A never sees or changes tenant B's rule
-- sets and versions; with no tenant, only the built-in rule sets are visible and nothing can be
-- written; nobody changes a built-in rule set. The grants are those of docs/operations.md.
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE SCHEMA IF NOT EXISTS partman;
CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;
CREATE EXTENSION IF NOT EXISTS smart_rules;

SELECT plan(39);

-- The application role, granted as docs/operations.md says.
CREATE ROLE tenancy_app NOLOGIN;
GRANT USAGE ON SCHEMA smart_rules TO tenancy_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON smart_rules.rule_sets, smart_rules.rule_versions
    TO tenancy_app;
-- pgTAP keeps its results in temporary tables of the session's first role.
GRANT ALL ON TABLE __tcache__ TO tenancy_app;
GRANT ALL ON SEQUENCE __tcache___id_seq, __tresults___numb_seq TO tenancy_app;

-- A built-in rule set, as the install script would ship one (written by the owner, past RLS).
INSERT INTO smart_rules.rule_sets (tenant_id, name) VALUES ('*', 'builtin-demo');
INSERT INTO smart_rules.rule_versions (rule_set_id, tenant_id, version, source, ir, checksum, status)
SELECT s.id, '*', '1.0.0', v.src, smart_rules.compile_rules(v.src),
       encode(sha256(convert_to(v.src, 'UTF8')), 'hex'), 'published'
  FROM smart_rules.rule_sets s,
       (VALUES (E'ruleset: builtin-demo\nversion: 1.0.0\nrules:\n  - id: tidy\n    field: title\n    do: trim\n')) v(src)
 WHERE s.name = 'builtin-demo';
CREATE TABLE public.tenancy_products (sku text PRIMARY KEY, title text);
INSERT INTO public.tenancy_products VALUES ('a', ' mug ');
GRANT SELECT ON public.tenancy_products TO tenancy_app;
CREATE TABLE public.tenancy_listings (sku text PRIMARY KEY, title text);
CREATE TRIGGER tenancy_listings_rules BEFORE INSERT ON public.tenancy_listings
    FOR EACH ROW EXECUTE FUNCTION smart_rules.enforce_rules('shop');
GRANT SELECT, INSERT ON public.tenancy_listings TO tenancy_app;

SET LOCAL ROLE tenancy_app;
SELECT ok(NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user),
          'the tests run as a role that is subject to row level security');

-- Tenant A and tenant B each have a rule set named shop.
SET LOCAL smart_rules.tenant = 'tenant-a';
SELECT lives_ok($$ SELECT smart_rules.create_rule_set('shop', NULL, 'the shop of A') $$,
                'tenant A creates its rule set');
SELECT lives_ok($$ SELECT smart_rules.create_rule_set('only-a') $$, 'tenant A creates a second one');
SELECT is(smart_rules.add_version('shop', E'ruleset: shop\nversion: 1.0.0\nrules:\n  - id: a-rule\n    field: title\n    do: trim\n'),
          '1.0.0', 'tenant A adds a version');
SELECT lives_ok($$ SELECT smart_rules.publish_version('shop', '1.0.0') $$, 'tenant A publishes it');

SET LOCAL smart_rules.tenant = 'tenant-b';
SELECT lives_ok($$ SELECT smart_rules.create_rule_set('shop', NULL, 'the shop of B') $$,
                'tenant B creates a rule set of the same name');
SELECT is(smart_rules.add_version('shop', E'ruleset: shop\nversion: 3.0.0\nrules:\n  - id: b-rule\n    field: title\n    do: upper\n'),
          '3.0.0', 'tenant B adds a version');
SELECT lives_ok($$ SELECT smart_rules.publish_version('shop', '3.0.0') $$, 'tenant B publishes it');

-- B sees its own rows and the built-ins, never A's.
SELECT set_eq($$ SELECT tenant_id, name FROM smart_rules.rule_sets $$,
              $$ VALUES ('tenant-b', 'shop'), ('*', 'builtin-demo'), ('*', 'mercado_livre'), ('*', 'amazon') $$,
              'tenant B sees its rule sets and the built-ins only');
SELECT set_eq($$ SELECT tenant_id, version FROM smart_rules.rule_versions $$,
              $$ VALUES ('tenant-b', '3.0.0'), ('*', '1.0.0') $$,
              'tenant B sees its versions and the built-ins'' only');
SELECT is(smart_rules.current_version('shop'), '3.0.0', 'by name, shop is B''s own for tenant B');
SELECT is((SELECT rule_id FROM smart_rules.diff_versions('shop', '3.0.0', '3.0.0') LIMIT 1), NULL,
          'B diffs its own versions');
SELECT throws_ok($$ SELECT smart_rules.current_version('only-a') $$, '42704', NULL,
                 'A''s other rule set does not exist for B');
SELECT throws_ok($$ SELECT smart_rules.diff_versions('shop', '1.0.0', '3.0.0') $$, '42704', NULL,
                 'A''s version does not exist for B');

-- B changes nothing of A's.
WITH u AS (UPDATE smart_rules.rule_sets SET description = 'taken' WHERE tenant_id = 'tenant-a' RETURNING 1)
SELECT is(count(*), 0::bigint, 'B updates none of A''s rule sets') FROM u;
WITH d AS (DELETE FROM smart_rules.rule_versions WHERE tenant_id = 'tenant-a' RETURNING 1)
SELECT is(count(*), 0::bigint, 'B deletes none of A''s versions') FROM d;
SELECT throws_ok($$ INSERT INTO smart_rules.rule_sets (tenant_id, name) VALUES ('tenant-a', 'planted') $$,
                 '42501', NULL, 'B cannot write a rule set as A');
SELECT throws_ok($$ UPDATE smart_rules.rule_sets SET tenant_id = 'tenant-a' WHERE tenant_id = 'tenant-b' $$,
                 '42501', NULL, 'B cannot move its rule set to A');
SELECT throws_ok($$ INSERT INTO smart_rules.rule_versions (rule_set_id, tenant_id, version, source, ir, checksum)
                    SELECT s.id, 'tenant-b', '9.9.9', 'x', v.ir, 'x'
                      FROM smart_rules.rule_sets s, smart_rules.rule_versions v
                     WHERE s.tenant_id = '*' AND v.tenant_id = 'tenant-b' LIMIT 1 $$,
                 '23503', NULL, 'B cannot attach a version to a rule set that is not its own');
SELECT throws_ok($$ SELECT smart_rules.add_version('only-a', E'ruleset: only-a\nversion: 1.0.0\nrules:\n  - id: x\n    field: title\n    do: trim\n') $$,
                 '42704', NULL, 'B cannot add a version to A''s rule set');

-- A's rows are intact, and A sees nothing of B's.
SET LOCAL smart_rules.tenant = 'tenant-a';
SELECT set_eq($$ SELECT tenant_id, name, description FROM smart_rules.rule_sets
                 WHERE name NOT IN ('mercado_livre', 'amazon') $$,
              $$ VALUES ('tenant-a', 'shop', 'the shop of A'), ('tenant-a', 'only-a', NULL),
                        ('*', 'builtin-demo', NULL) $$,
              'tenant A sees its rule sets, unchanged, and the built-ins');
SELECT set_eq($$ SELECT tenant_id, version, status FROM smart_rules.rule_versions $$,
              $$ VALUES ('tenant-a', '1.0.0', 'published'), ('*', '1.0.0', 'published') $$,
              'tenant A sees its versions, unchanged, and the built-ins''');
SELECT is(smart_rules.current_version('shop'), '1.0.0', 'by name, shop is A''s own for tenant A');
SELECT is((SELECT title FROM smart_rules.apply_rules('shop', 'public.tenancy_products',
                                                     NULL::public.tenancy_products, log => false)),
          'mug', 'A applies its own shop (B''s would upper-case)');

-- Built-ins: readable and applicable by every tenant, changed by none.
SELECT is(smart_rules.current_version('builtin-demo'), '1.0.0', 'a tenant reads a built-in');
WITH u AS (UPDATE smart_rules.rule_sets SET description = 'mine' WHERE tenant_id = '*' RETURNING 1)
SELECT is(count(*), 0::bigint, 'a tenant updates no built-in rule set') FROM u;
WITH d AS (DELETE FROM smart_rules.rule_versions WHERE tenant_id = '*' RETURNING 1)
SELECT is(count(*), 0::bigint, 'a tenant deletes no built-in version') FROM d;
SELECT throws_ok($$ INSERT INTO smart_rules.rule_sets (tenant_id, name) VALUES ('*', 'fake-builtin') $$,
                 '42501', NULL, 'a tenant cannot add a built-in rule set');
SELECT throws_ok($$ SELECT smart_rules.add_version('builtin-demo', E'ruleset: builtin-demo\nversion: 1.1.0\nrules:\n  - id: x\n    field: title\n    do: trim\n') $$,
                 '42501', 'rule set "builtin-demo" is built in and cannot be changed',
                 'a tenant cannot add a version to a built-in');
SELECT throws_ok($$ SELECT smart_rules.deprecate_version('builtin-demo', '1.0.0') $$,
                 '42501', NULL, 'a tenant cannot deprecate a built-in version');

-- enforce_rules() resolves the rule set with the writer's tenant.
SET LOCAL smart_rules.tenant = 'tenant-a';
INSERT INTO public.tenancy_listings VALUES ('a-1', ' mug ');
SET LOCAL smart_rules.tenant = 'tenant-b';
INSERT INTO public.tenancy_listings VALUES ('b-1', ' mug ');
SELECT results_eq($$ SELECT sku, title FROM public.tenancy_listings ORDER BY sku $$,
                  $$ VALUES ('a-1', 'mug'), ('b-1', ' MUG ') $$,
                  'a trigger applies the writing tenant''s rule set of that name');
RESET smart_rules.tenant;
SELECT throws_ok($$ INSERT INTO public.tenancy_listings VALUES ('c-1', 'x') $$, '42704', NULL,
                 'without a tenant the trigger finds no tenant''s rule set');

-- No tenant: only the built-ins are visible, and nothing can be written.
RESET smart_rules.tenant;
SELECT is(smart_rules.current_tenant(), NULL, 'no tenant is selected');
SELECT set_eq($$ SELECT tenant_id, name FROM smart_rules.rule_sets $$,
              $$ VALUES ('*', 'builtin-demo'), ('*', 'mercado_livre'), ('*', 'amazon') $$,
              'without a tenant only built-in rule sets are visible');
SELECT set_eq($$ SELECT tenant_id, version FROM smart_rules.rule_versions $$,
              $$ VALUES ('*', '1.0.0') $$, 'without a tenant only built-in versions are visible');
SELECT is((SELECT title FROM smart_rules.apply_rules('builtin-demo', 'public.tenancy_products',
                                                     NULL::public.tenancy_products, log => false)),
          'mug', 'without a tenant a built-in rule set is applied');
SELECT throws_ok($$ SELECT smart_rules.create_rule_set('anything') $$, '42501', 'no tenant selected',
                 'without a tenant create_rule_set fails clearly');
SELECT throws_ok($$ INSERT INTO smart_rules.rule_sets (tenant_id, name) VALUES ('tenant-a', 'sneaky') $$,
                 '42501', NULL, 'without a tenant no row can be written directly');
SELECT throws_ok($$ SELECT smart_rules.current_version('shop') $$, '42704', NULL,
                 'without a tenant no tenant''s rule set resolves');

RESET ROLE;
SELECT * FROM finish();
ROLLBACK;
