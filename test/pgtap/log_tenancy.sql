-- pgTAP: tenant isolation of what runs leave behind (correction_logs, rule_runs, events) under
-- row level security, as an application role that is not a superuser, granted as
-- docs/operations.md says; and the shape of the CloudEvents the runs and the catalog emit.
-- Tenant A never sees, writes or changes tenant B's logs, runs or events; with no tenant, none
-- are visible and a logged run is refused before it reads a row.
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE SCHEMA IF NOT EXISTS partman;
CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;
CREATE EXTENSION IF NOT EXISTS smart_rules;

SELECT plan(36);

CREATE ROLE log_tenancy_app NOLOGIN;
GRANT USAGE ON SCHEMA smart_rules TO log_tenancy_app;
GRANT SELECT, INSERT, UPDATE ON smart_rules.rule_sets, smart_rules.rule_versions TO log_tenancy_app;
GRANT SELECT ON smart_rules.correction_logs, smart_rules.rule_runs, smart_rules.events
    TO log_tenancy_app;
GRANT ALL ON TABLE __tcache__ TO log_tenancy_app;
GRANT ALL ON SEQUENCE __tcache___id_seq, __tresults___numb_seq TO log_tenancy_app;

CREATE TABLE public.log_tenancy_items (sku text PRIMARY KEY, title text);
INSERT INTO public.log_tenancy_items VALUES ('i-1', '  mug  '), ('i-2', ' cup'), ('i-3', 'plate');
GRANT SELECT ON public.log_tenancy_items TO log_tenancy_app;

SET LOCAL ROLE log_tenancy_app;

-- Each tenant publishes a rule set and runs it once, logged.
SET LOCAL smart_rules.tenant = 'tenant-a';
SELECT smart_rules.create_rule_set('tidy');
SELECT smart_rules.add_version('tidy', E'ruleset: tidy\nversion: 1.0.0\nrules:\n  - {id: title-trim, field: title, do: trim}\n');
SELECT smart_rules.publish_version('tidy', '1.0.0');
SELECT count(*) FROM smart_rules.apply_rules('tidy', 'public.log_tenancy_items',
                                             NULL::public.log_tenancy_items);
SELECT smart_rules.last_run_id() AS run_a \gset

SET LOCAL smart_rules.tenant = 'tenant-b';
SET LOCAL smart_rules.traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
SELECT smart_rules.create_rule_set('tidy');
SELECT smart_rules.add_version('tidy', E'ruleset: tidy\nversion: 2.0.0\nrules:\n  - {id: title-upper, field: title, do: upper}\n');
SELECT smart_rules.publish_version('tidy', '2.0.0');
SELECT count(*) FROM smart_rules.apply_rules('tidy', 'public.log_tenancy_items',
                                             NULL::public.log_tenancy_items);
SELECT smart_rules.last_run_id() AS run_b \gset
RESET smart_rules.traceparent;

-- Reads: each tenant sees its own rows only.
SET LOCAL smart_rules.tenant = 'tenant-a';
SELECT set_eq($$ SELECT DISTINCT tenant_id, run_id FROM smart_rules.correction_logs $$,
              format('VALUES (%L, %s::bigint)', 'tenant-a', :run_a),
              'tenant A reads only its own correction logs');
SELECT is((SELECT count(*) FROM smart_rules.correction_logs), 2::bigint,
          'tenant A reads both corrections of its run');
SELECT set_eq($$ SELECT tenant_id, run_id FROM smart_rules.rule_runs $$,
              format('VALUES (%L, %s::bigint)', 'tenant-a', :run_a),
              'tenant A reads only its own run');
SELECT set_eq($$ SELECT tenant_id, type FROM smart_rules.events $$,
              $$ VALUES ('tenant-a', 'io.smartrules.ruleset.version.published'),
                        ('tenant-a', 'io.smartrules.rules.applied') $$,
              'tenant A reads only its own events');
SELECT is((smart_rules.run_summary(:run_a)).corrections, 2::bigint,
          'run_summary gives tenant A its run');
SELECT is(smart_rules.run_summary(:run_b), NULL, 'run_summary gives tenant A nothing of B''s run');

SET LOCAL smart_rules.tenant = 'tenant-b';
SELECT set_eq($$ SELECT DISTINCT tenant_id, run_id FROM smart_rules.correction_logs $$,
              format('VALUES (%L, %s::bigint)', 'tenant-b', :run_b),
              'tenant B reads only its own correction logs');
SELECT set_eq($$ SELECT tenant_id, run_id FROM smart_rules.rule_runs $$,
              format('VALUES (%L, %s::bigint)', 'tenant-b', :run_b),
              'tenant B reads only its own run');
SELECT is((SELECT count(*) FROM smart_rules.events WHERE tenant_id <> 'tenant-b'), 0::bigint,
          'tenant B reads none of A''s events');
SELECT is(smart_rules.run_summary(:run_a), NULL, 'run_summary gives tenant B nothing of A''s run');

-- Writes: no role but the owner writes logs, runs or events, for its own tenant or another.
SELECT throws_ok(format($$ INSERT INTO smart_rules.correction_logs (tenant_id, run_id, rule_set,
                           version, row_key, field, action, severity)
                           VALUES ('tenant-b', %s, 'tidy', '2.0.0', 'x', 'title', 'flag', 'info') $$, :run_b),
                 '42501', NULL, 'a tenant cannot write a correction log row');
SELECT throws_ok($$ INSERT INTO smart_rules.rule_runs (tenant_id, rule_set, version, source,
                    started_at, finished_at, rows_in, rows_out, rows_changed, corrections,
                    violations, rejected, elapsed_ms, per_rule)
                    VALUES ('tenant-b', 'tidy', '2.0.0', 'x', now(), now(), 0, 0, 0, 0, 0, 0, 0, '[]') $$,
                 '42501', NULL, 'a tenant cannot write a run row');
SELECT throws_ok($$ INSERT INTO smart_rules.events (tenant_id, event_id, source, type, time)
                    VALUES ('tenant-b', 'x', 'x', 'x', now()) $$,
                 '42501', NULL, 'a tenant cannot write an event');
SELECT throws_ok($$ UPDATE smart_rules.correction_logs SET message = 'edited' $$,
                 '42501', NULL, 'a tenant cannot edit correction logs');
SELECT throws_ok($$ DELETE FROM smart_rules.rule_runs $$,
                 '42501', NULL, 'a tenant cannot delete runs');
SELECT throws_ok($$ DELETE FROM smart_rules.events $$,
                 '42501', NULL, 'a tenant cannot delete events');
SELECT throws_ok(format('SELECT count(*) FROM %s',
                        (SELECT inhrelid::regclass FROM pg_inherits
                          WHERE inhparent = 'smart_rules.correction_logs'::regclass LIMIT 1)),
                 '42501', NULL, 'a partition of correction_logs cannot be read past its parent''s policies');

-- No tenant: nothing is visible, a logged run is refused before it reads, log => false runs.
RESET smart_rules.tenant;
SELECT is((SELECT count(*) FROM smart_rules.correction_logs), 0::bigint,
          'without a tenant no correction log is visible');
SELECT is((SELECT count(*) FROM smart_rules.rule_runs), 0::bigint,
          'without a tenant no run is visible');
SELECT is((SELECT count(*) FROM smart_rules.events), 0::bigint,
          'without a tenant no event is visible');
SELECT throws_ok($$ SELECT count(*) FROM smart_rules.apply_rules(
                      smart_rules.compile_rules(E'ruleset: t\nversion: 1.0.0\nrules:\n  - {id: r, field: title, do: trim}\n'),
                      'public.log_tenancy_items', NULL::public.log_tenancy_items) $$,
                 '42501', 'no tenant selected', 'without a tenant a logged run is refused');
SELECT is((SELECT count(*) FROM smart_rules.apply_rules(
              smart_rules.compile_rules(E'ruleset: t\nversion: 1.0.0\nrules:\n  - {id: r, field: title, do: trim}\n'),
              'public.log_tenancy_items', NULL::public.log_tenancy_items, log => false)),
          3::bigint, 'without a tenant a run with log => false works');

-- A BI role with the read policies of docs/operations.md sees every tenant, and writes nothing.
RESET ROLE;
CREATE ROLE log_tenancy_bi NOLOGIN;
GRANT USAGE ON SCHEMA smart_rules TO log_tenancy_bi;
GRANT SELECT ON smart_rules.correction_logs, smart_rules.rule_runs, smart_rules.events
    TO log_tenancy_bi;
GRANT ALL ON TABLE __tcache__ TO log_tenancy_bi;
GRANT ALL ON SEQUENCE __tcache___id_seq, __tresults___numb_seq TO log_tenancy_bi;
CREATE POLICY correction_logs_all_tenants ON smart_rules.correction_logs
    FOR SELECT TO log_tenancy_bi USING (true);
CREATE POLICY rule_runs_all_tenants ON smart_rules.rule_runs
    FOR SELECT TO log_tenancy_bi USING (true);
CREATE POLICY events_all_tenants ON smart_rules.events
    FOR SELECT TO log_tenancy_bi USING (true);
SET LOCAL ROLE log_tenancy_bi;
SELECT set_eq($$ SELECT DISTINCT tenant_id FROM smart_rules.correction_logs
                 UNION SELECT tenant_id FROM smart_rules.rule_runs
                 UNION SELECT tenant_id FROM smart_rules.events $$,
              $$ VALUES ('tenant-a'), ('tenant-b') $$,
              'the BI role reads every tenant''s logs, runs and events, with no tenant set');
SELECT throws_ok($$ DELETE FROM smart_rules.correction_logs $$, '42501', NULL,
                 'the BI role cannot delete logs');

-- The events as CloudEvents 1.0 documents (the form notified on smart_rules_events).
RESET ROLE;
CREATE TEMP TABLE log_tenancy_events AS
SELECT e.tenant_id, smart_rules.event_json(e) AS doc FROM smart_rules.events e;
SELECT is((SELECT count(*) FROM log_tenancy_events), 4::bigint,
          'two events per tenant: a version published and a run');
SELECT is((SELECT count(*) FROM log_tenancy_events
            WHERE doc ?& ARRAY['specversion', 'id', 'source', 'type']), 4::bigint,
          'every event has the required context attributes');
SELECT is((SELECT count(*) FROM log_tenancy_events WHERE doc->>'specversion' = '1.0'), 4::bigint,
          'specversion is 1.0');
SELECT is((SELECT count(DISTINCT doc->>'id') FROM log_tenancy_events
            WHERE doc->>'id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'),
          4::bigint, 'ids are distinct UUIDs (version 4)');
SELECT is((SELECT count(*) FROM log_tenancy_events
            WHERE doc->>'source' = '/smart_rules/' || current_database()), 4::bigint,
          'source is a URI reference naming the database');
SELECT is((SELECT count(*) FROM log_tenancy_events
            WHERE (doc->>'time')::timestamptz = now()
              AND doc->>'time' ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$'),
          4::bigint, 'time is an RFC 3339 timestamp (of the emitting transaction)');
SELECT is((SELECT count(*) FROM log_tenancy_events
            WHERE doc->>'datacontenttype' = 'application/json'
              AND jsonb_typeof(doc->'data') = 'object'), 4::bigint,
          'data is a JSON object, declared application/json');
SELECT set_eq($$ SELECT tenant_id, doc->>'type' AS type, doc->>'subject' AS subject FROM log_tenancy_events $$,
              $$ VALUES ('tenant-a', 'io.smartrules.ruleset.version.published', 'tidy@1.0.0'),
                        ('tenant-a', 'io.smartrules.rules.applied', 'tidy@1.0.0'),
                        ('tenant-b', 'io.smartrules.ruleset.version.published', 'tidy@2.0.0'),
                        ('tenant-b', 'io.smartrules.rules.applied', 'tidy@2.0.0') $$,
              'types and subjects (rule set @ version)');
SELECT is((SELECT (doc->'data'->>'run_id')::bigint FROM log_tenancy_events
            WHERE tenant_id = 'tenant-a' AND doc->>'type' = 'io.smartrules.rules.applied'),
          :run_a::bigint, 'a run''s event carries its run id');
SELECT is((SELECT count(*) FROM log_tenancy_events
            WHERE tenant_id = 'tenant-b'
              AND doc->>'traceparent' = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
          2::bigint, 'the session''s traceparent is carried by its events');
SELECT is((SELECT count(*) FROM log_tenancy_events WHERE tenant_id = 'tenant-a' AND doc ? 'traceparent'),
          0::bigint, 'without smart_rules.traceparent an event has no traceparent attribute');
SELECT is((SELECT count(*) FROM log_tenancy_events
            WHERE EXISTS (SELECT 1 FROM jsonb_object_keys(doc) k
                           WHERE k !~ '^[a-z0-9]{1,20}$')), 0::bigint,
          'attribute names are lower-case letters and digits (CloudEvents naming)');

SELECT * FROM finish();
ROLLBACK;
