-------------------------------------------------------------------------------
-- Events: a CloudEvents 1.0 outbox (src/pg/events.c)
-------------------------------------------------------------------------------

-- One row per event: a version published or deprecated, rules applied (logged runs with a
-- tenant). Each is also sent as JSON with pg_notify('smart_rules_events', ...), delivered at
-- commit. Rows are written by the extension's code only, as the owner of the table.
CREATE TABLE events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id text NOT NULL,
    specversion text NOT NULL DEFAULT '1.0',
    event_id text NOT NULL,
    source text NOT NULL,
    type text NOT NULL,
    subject text,
    time timestamptz NOT NULL,
    datacontenttype text NOT NULL DEFAULT 'application/json',
    data jsonb,
    traceparent text
);

CREATE INDEX events_tenant_id_idx ON events (tenant_id, id);

COMMENT ON TABLE events IS
    'CloudEvents 1.0 outbox: io.smartrules.ruleset.version.published/.deprecated, io.smartrules.rules.applied; each also notified on channel smart_rules_events';
COMMENT ON COLUMN events.event_id IS 'the CloudEvents id (a UUID)';
COMMENT ON COLUMN events.traceparent IS 'smart_rules.traceparent of the session that emitted it (W3C Trace Context), or null';

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
-- A tenant reads its own events; writing takes the INSERT privilege, which only the owner has.
CREATE POLICY events_read ON events FOR SELECT USING (tenant_id = current_tenant());
CREATE POLICY events_insert ON events FOR INSERT WITH CHECK (true);

SELECT pg_catalog.pg_extension_config_dump('events', '');
SELECT pg_catalog.pg_extension_config_dump('events_id_seq', '');

-- The event of a version that becomes published or deprecated.
CREATE FUNCTION version_status_event() RETURNS trigger
    AS 'MODULE_PATHNAME' LANGUAGE C;

COMMENT ON FUNCTION version_status_event() IS
    'trigger of rule_versions: emits io.smartrules.ruleset.version.published or .deprecated';

CREATE TRIGGER rule_versions_status_event AFTER UPDATE OF status ON rule_versions
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION version_status_event();

-- The event as a CloudEvents JSON document (the form notified on smart_rules_events).
CREATE FUNCTION event_json(event events) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT jsonb_build_object('specversion', $1.specversion, 'id', $1.event_id,
                                  'source', $1.source, 'type', $1.type, 'subject', $1.subject,
                                  'time', $1.time, 'datacontenttype', $1.datacontenttype,
                                  'data', $1.data)
               || CASE WHEN $1.traceparent IS NULL THEN '{}'::jsonb
                       ELSE jsonb_build_object('traceparent', $1.traceparent) END
    $$;

COMMENT ON FUNCTION event_json(events) IS
    'an events row as its CloudEvents 1.0 JSON document';
