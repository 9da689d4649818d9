-- The CloudEvents 1.0 outbox: a version published or deprecated and a logged apply each write
-- one row of smart_rules.events and notify it on channel smart_rules_events (delivered at
-- commit); apply with log => false writes nothing; a tenant sees only its own events; the
-- session's smart_rules.traceparent, when set, is carried along.
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;
\set SHOW_CONTEXT never

-- A traceparent must be W3C's version 00 form.
SET smart_rules.traceparent = 'not-a-traceparent';
SET smart_rules.traceparent = '00-00000000000000000000000000000000-00f067aa0ba902b7-01';
SET smart_rules.traceparent = '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01';
SET smart_rules.traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

SET smart_rules.tenant = 'acme';
CREATE TABLE items (sku text PRIMARY KEY, title text);
INSERT INTO items VALUES ('A1', '  shoe  ');
SELECT create_rule_set('tidy') > 0 AS created;
SELECT add_version('tidy', $$
ruleset: tidy
version: 1.0.0
rules:
  - {id: title-trim, field: title, do: trim}
$$);
SELECT add_version('tidy', $$
ruleset: tidy
version: 1.1.0
rules:
  - {id: title-trim, field: title, do: trim}
  - {id: title-collapse, field: title, do: collapse_whitespace}
$$);

-- Listening in this session: psql prints a notification after the command whose commit
-- delivered it. It is caught in a file here (its payload has a random id and a time), then read
-- back as JSON.
\set notify_file /tmp/smart_rules_events_regress.out
LISTEN smart_rules_events;
\o :notify_file
SELECT publish_version('tidy', '1.0.0');
\o
UNLISTEN smart_rules_events;
\set payload `sed -n 's/^Asynchronous notification "smart_rules_events" with payload "\(.*\)" received from server process with PID [0-9]*[.]$/\1/p' /tmp/smart_rules_events_regress.out`
\! rm -f /tmp/smart_rules_events_regress.out
SELECT :'payload'::jsonb - 'id' - 'time' - 'data' AS notified,
       :'payload'::jsonb = (SELECT event_json(e) FROM events e) AS same_as_row;
SELECT publish_version('tidy', '1.1.0');
SELECT deprecate_version('tidy', '1.0.0');
SELECT count(*) FROM apply_rules('tidy', 'items', NULL::items);
SELECT count(*) FROM apply_rules('tidy', 'items', NULL::items, log => false);

-- Four events (none for the call with log => false), in order, each a CloudEvents 1.0 document
-- with exactly the standard attributes.
SELECT type, subject, specversion, datacontenttype, traceparent,
       event_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' AS uuid_id,
       source = '/smart_rules/' || current_database() AS source_ok,
       time BETWEEN now() - interval '1 hour' AND now() AS time_ok
  FROM events ORDER BY id;
SELECT (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(event_json(e)) k) AS attributes
  FROM events e ORDER BY id LIMIT 1;
SELECT type, data - 'checksum' - 'elapsed_ms' - 'run_id' AS data,
       data ? 'checksum' OR data ? 'elapsed_ms' AS has_more
  FROM events ORDER BY id;
SELECT data->>'run_id' = (SELECT max(run_id)::text FROM rule_runs) AS run_id_ok
  FROM events WHERE type = 'io.smartrules.rules.applied';

-- Without a traceparent the attribute is absent.
RESET smart_rules.traceparent;
SELECT count(*) FROM apply_rules('tidy', 'items', NULL::items);
SELECT event_json(e) ? 'traceparent' AS has_traceparent, traceparent
  FROM events e ORDER BY id DESC LIMIT 1;

-- A rolled back publish leaves no event.
SELECT add_version('tidy', $$
ruleset: tidy
version: 1.2.0
rules:
  - {id: title-trim, field: title, do: trim}
  - {id: title-collapse, field: title, do: collapse_whitespace}
  - {id: title-upper, field: title, do: upper}
$$);
BEGIN;
SELECT publish_version('tidy', '1.2.0');
ROLLBACK;
SELECT count(*) AS events FROM events;

-- A tenant only sees its own events; with no tenant, none; nobody writes them directly.
CREATE ROLE events_reader;
GRANT USAGE ON SCHEMA smart_rules TO events_reader;
GRANT SELECT ON smart_rules.events TO events_reader;
SET ROLE events_reader;
SELECT count(*) AS acme_events FROM smart_rules.events;
SET smart_rules.tenant = 'globex';
SELECT count(*) AS globex_events FROM smart_rules.events;
RESET smart_rules.tenant;
SELECT count(*) AS no_tenant_events FROM smart_rules.events;
SET smart_rules.tenant = 'acme';
INSERT INTO smart_rules.events (tenant_id, event_id, source, type, time)
    VALUES ('acme', 'x', 'y', 'z', now());
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

RESET smart_rules.tenant;
REVOKE ALL ON smart_rules.events FROM events_reader;
REVOKE ALL ON SCHEMA smart_rules FROM events_reader;
DROP ROLE events_reader;
DROP TABLE items;
DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
