-- pgTAP: when runs refresh the analytics views (smart_rules.analytics_refresh: off, after_run, an
-- interval), that an application role's run refreshes them with the owner's rights, that
-- enforce_rules' one-row runs do not, that a refresh is skipped (never awaited) while another
-- session holds the refresh lock (a second session through dblink), and the first refresh of a
-- view that was never populated.
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE SCHEMA IF NOT EXISTS partman;
CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;
CREATE EXTENSION IF NOT EXISTS smart_rules;
CREATE EXTENSION IF NOT EXISTS dblink;

SELECT plan(37);

CREATE ROLE refresh_app NOLOGIN;
GRANT USAGE ON SCHEMA smart_rules TO refresh_app;
GRANT SELECT ON smart_rules.my_correction_stats_daily TO refresh_app;
GRANT ALL ON TABLE __tcache__ TO refresh_app;
GRANT ALL ON SEQUENCE __tcache___id_seq, __tresults___numb_seq TO refresh_app;

CREATE TABLE public.refresh_products (id int PRIMARY KEY, title text);
INSERT INTO public.refresh_products VALUES (1, ' mug '), (2, ' plate ');
GRANT SELECT ON public.refresh_products TO refresh_app;
CREATE TABLE public.refresh_rules (ir smart_rules.rule_ir);
INSERT INTO public.refresh_rules VALUES (smart_rules.compile_rules(
    E'ruleset: tidy\nversion: 1.0.0\nrules:\n  - id: trim-title\n    field: title\n    do: trim\n'));
GRANT SELECT ON public.refresh_rules TO refresh_app;

-- A logged run of the rule set over refresh_products, as the current role and tenant.
CREATE FUNCTION pg_temp.apply() RETURNS bigint
    LANGUAGE sql AS $$
        SELECT count(*) FROM smart_rules.apply_rules((SELECT ir FROM public.refresh_rules),
                                                     'public.refresh_products',
                                                     NULL::public.refresh_products)
    $$;
-- Refreshes so far (read as the owner).
CREATE FUNCTION pg_temp.refreshes() RETURNS bigint
    LANGUAGE sql SECURITY DEFINER AS $$ SELECT refreshes FROM smart_rules.analytics_refresh_state $$;

-------------------------------------------------------------------------------
-- The setting
-------------------------------------------------------------------------------

SELECT is(current_setting('smart_rules.analytics_refresh'), 'off', 'runs refresh nothing by default');
SELECT throws_ok($$SET smart_rules.analytics_refresh = 'sometimes'$$, '22023', NULL,
                 'a value that is neither off, after_run nor an interval is refused');
SELECT throws_ok($$SET smart_rules.analytics_refresh = '0'$$, '22023', NULL,
                 'a zero interval is refused');
SELECT throws_ok($$SET smart_rules.analytics_refresh = '500ms'$$, '22023', NULL,
                 'an interval under a second is refused');
SELECT lives_ok($$SET LOCAL smart_rules.analytics_refresh = '5 min'$$, '''5 min'' is an interval');
SELECT lives_ok($$SET LOCAL smart_rules.analytics_refresh = '90s'$$, '''90s'' is an interval');
SELECT lives_ok($$SET LOCAL smart_rules.analytics_refresh = 'AFTER_RUN'$$, 'keywords ignore case');
SET LOCAL smart_rules.analytics_refresh = off;

SET LOCAL ROLE refresh_app;
SELECT throws_ok($$SET smart_rules.analytics_refresh = 'after_run'$$, '42501', NULL,
                 'an application role cannot change it (the DBA sets it)');
SET LOCAL smart_rules.tenant = 'acme';
SELECT is(pg_temp.apply(), 2::bigint, 'with off, a run ...');
SELECT is((SELECT count(*) FROM smart_rules.my_correction_stats_daily), 0::bigint,
          '... leaves the views as they were');
RESET ROLE;
SELECT is(pg_temp.refreshes(), 0::bigint, 'and no refresh was made');

-------------------------------------------------------------------------------
-- One refresh at a time (tested before this transaction takes the refresh lock itself, which it
-- would then keep to its end)
-------------------------------------------------------------------------------

SELECT is(dblink_connect('refresh_other',
                         format('dbname=%s port=%s host=%s', current_database(),
                                current_setting('port'),
                                split_part(current_setting('unix_socket_directories'), ',', 1))),
          'OK', 'a second session');
SELECT is((SELECT locked FROM dblink('refresh_other', 'SELECT pg_try_advisory_lock(1397641812, 1)')
                              AS t(locked boolean)),
          true, 'takes the refresh lock (analytics.h)');
SET LOCAL statement_timeout = '10s';
SELECT is(smart_rules.refresh_analytics(), false,
          'while another session holds it, refresh_analytics() returns false at once');
SET LOCAL smart_rules.analytics_refresh = after_run;
SELECT is(pg_temp.apply(), 2::bigint, 'a run with after_run goes on without waiting ...');
SELECT is(pg_temp.refreshes(), 0::bigint, '... and without refreshing');
SELECT is((SELECT unlocked FROM dblink('refresh_other', 'SELECT pg_advisory_unlock(1397641812, 1)')
                                AS t(unlocked boolean)),
          true, 'the other session lets the lock go');
SELECT is(dblink_disconnect('refresh_other'), 'OK', 'and leaves');
SELECT ok(smart_rules.refresh_analytics(), 'then refresh_analytics() refreshes');
RESET statement_timeout;

-------------------------------------------------------------------------------
-- after_run
-------------------------------------------------------------------------------

SET LOCAL ROLE refresh_app;
SELECT is(pg_temp.apply(), 2::bigint, 'with after_run, an application role''s run ...');
SELECT is((SELECT sum(events) FROM smart_rules.my_correction_stats_daily), 6::numeric,
          '... is in the views at once, with the runs before it');
SELECT throws_ok($$SELECT count(*) FROM smart_rules.correction_logs$$, '42501', NULL,
                 'though the role cannot read the logs: the refresh ran with the owner''s rights');
SELECT is(pg_temp.apply(), 2::bigint, 'another run ...');
RESET ROLE;
SELECT is(pg_temp.refreshes(), 3::bigint, '... another refresh');
SELECT ok((SELECT refreshed_at BETWEEN now() AND clock_timestamp() AND duration_ms >= 0
             FROM smart_rules.analytics_refresh_state),
          'the state records when the last refresh started and how long it took');

-- enforce_rules: one run per row written, none of them refreshes.
SELECT lives_ok($$SELECT smart_rules.create_rule_set('tidy')$$, 'a rule set for a trigger');
SELECT lives_ok($$SELECT smart_rules.add_version('tidy',
    E'ruleset: tidy\nversion: 1.0.0\nrules:\n  - id: trim-title\n    field: title\n    do: trim\n')$$,
    'its version');
SELECT lives_ok($$SELECT smart_rules.publish_version('tidy', '1.0.0')$$, 'published');
CREATE TABLE public.refresh_listings (id int PRIMARY KEY, title text);
CREATE TRIGGER refresh_listings_rules BEFORE INSERT ON public.refresh_listings
    FOR EACH ROW EXECUTE FUNCTION smart_rules.enforce_rules('tidy');
CREATE TEMPORARY TABLE runs_before AS SELECT count(*) AS n FROM smart_rules.rule_runs;
INSERT INTO public.refresh_listings VALUES (1, ' cup '), (2, ' bowl ');
SELECT is((SELECT count(*) FROM smart_rules.rule_runs) - (SELECT n FROM runs_before), 2::bigint,
          'a trigger logs one run per row ...');
SELECT is(pg_temp.refreshes(), 3::bigint, '... and refreshes nothing, even with after_run');

-------------------------------------------------------------------------------
-- An interval
-------------------------------------------------------------------------------

SET LOCAL smart_rules.analytics_refresh = '1h';
SELECT is(pg_temp.apply(), 2::bigint, 'with 1h, a run an instant after a refresh ...');
SELECT is(pg_temp.refreshes(), 3::bigint, '... does not refresh');
SET LOCAL smart_rules.analytics_refresh = '1s';
SELECT lives_ok($$SELECT pg_sleep(1.1)$$, 'a second passes');
SELECT is(pg_temp.apply(), 2::bigint, 'with 1s, a run more than a second after the refresh ...');
SELECT is(pg_temp.refreshes(), 4::bigint, '... refreshes');

-------------------------------------------------------------------------------
-- A view never populated (or emptied WITH NO DATA) gets a plain REFRESH first
-------------------------------------------------------------------------------

REFRESH MATERIALIZED VIEW smart_rules.rule_run_stats_daily WITH NO DATA;
SELECT ok(smart_rules.refresh_analytics(), 'refresh_analytics() populates an unpopulated view');
SELECT ok((SELECT relispopulated FROM pg_class WHERE oid = 'smart_rules.rule_run_stats_daily'::regclass),
          'it is populated again');

SELECT * FROM finish();
ROLLBACK;
