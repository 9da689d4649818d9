-- The backend-local caches of apply by name (src/pg/program_cache.c): a rule set's resolution and
-- its loaded program are reused from call to call, and any change to the catalog (a publish, a
-- deprecation, a rolled back publish) is seen by the very next call.
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;
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
version: 2.0.0
rules:
  - {id: title-upper, field: title, do: [trim, upper]}
$$);
SELECT publish_version('tidy', '1.0.0');

-- The first call resolves and loads (misses), the next ones are answered from the cache.
SELECT program_cache_reset();
SELECT title FROM apply_rules('tidy', 'items', NULL::items, log => false);
SELECT title FROM apply_rules('tidy', 'items', NULL::items, log => false);
SELECT title FROM apply_rules('tidy', 'items', NULL::items, log => false);
SELECT entries, hits, misses FROM program_cache_stats();

-- A publish in a transaction that rolls back: inside it the new version applies, after it the
-- old one again.
BEGIN;
SELECT publish_version('tidy', '2.0.0');
SELECT title FROM apply_rules('tidy', 'items', NULL::items, log => false);
ROLLBACK;
SELECT title FROM apply_rules('tidy', 'items', NULL::items, log => false);

-- Published for good, then deprecated: the next call follows each change.
SELECT publish_version('tidy', '2.0.0');
SELECT title FROM apply_rules('tidy', 'items', NULL::items, log => false);
SELECT deprecate_version('tidy', '2.0.0');
SELECT title FROM apply_rules('tidy', 'items', NULL::items, log => false);
SELECT title FROM apply_rules('tidy', 'items', NULL::items, version => '2.0.0', log => false);

-- The tenant is part of the key: another tenant does not get acme's rule set from the cache.
SET smart_rules.tenant = 'globex';
\set SHOW_CONTEXT never
SELECT title FROM apply_rules('tidy', 'items', NULL::items, log => false);
\echo :LAST_ERROR_SQLSTATE
SET smart_rules.tenant = 'acme';

-- The enforce_rules trigger takes its rule set from the same caches, row after row.
SELECT program_cache_reset();
CREATE TABLE enforced (sku text PRIMARY KEY, title text);
CREATE TRIGGER tidy BEFORE INSERT OR UPDATE ON enforced
    FOR EACH ROW EXECUTE FUNCTION smart_rules.enforce_rules('tidy');
INSERT INTO enforced VALUES ('A1', ' boot '), ('A2', ' sock '), ('A3', ' hat ');
SELECT sku, title FROM enforced ORDER BY sku;
SELECT entries, hits, misses FROM program_cache_stats();

-- A call that fails midway releases its program: the reset can then free it.
CREATE VIEW failing_items AS
    SELECT sku, CASE WHEN sku = 'A1' THEN (1 / 0)::text END AS title FROM items;
SELECT count(*) FROM apply_rules('tidy', 'failing_items', NULL::items, log => false);
SELECT program_cache_reset();
SELECT entries FROM program_cache_stats();

RESET smart_rules.tenant;
DROP VIEW failing_items;
DROP TABLE items, enforced;
DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
