-- enforce_rules(): a BEFORE INSERT OR UPDATE row trigger that corrects NEW with a rule set of the
-- catalog (its current version, or the one named), skips rejected rows and logs the events like
-- apply_rules (row_key from the primary key).
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;
\set SHOW_CONTEXT never
SET smart_rules.tenant = 'acme';

SELECT create_rule_set('listing') > 0 AS created;
SELECT add_version('listing', $$
ruleset: listing
version: 1.0.0
rules:
  - id: title-tidy
    field: title
    do: [trim, collapse_whitespace]
  - id: price-decimal
    field: price
    do: {parse_decimal: {decimal: ',', thousands: '.', on_invalid: keep}}
  - id: no-stock
    field: stock
    when: stock <= 0
    do: reject
    message: "{sku} has no stock"
$$);
SELECT publish_version('listing', '1.0.0');

CREATE TABLE listings (
    sku text PRIMARY KEY,
    title text,
    price text,
    stock integer,
    note text
);
CREATE TRIGGER listings_enforce BEFORE INSERT OR UPDATE ON listings
    FOR EACH ROW EXECUTE FUNCTION smart_rules.enforce_rules('listing');

-- Corrected on the way in; the row without stock is skipped; untouched columns stay as given.
INSERT INTO listings (sku, title, price, stock, note) VALUES
    ('m-1', '  Blue   mug ', '1.234,50', 3, 'kept as is'),
    ('p-2', 'Red pen', '2,00', 0, 'rejected');
SELECT * FROM listings ORDER BY sku;

-- The same on UPDATE.
UPDATE listings SET title = ' Big  blue mug', price = '1.500,00' WHERE sku = 'm-1';
SELECT * FROM listings ORDER BY sku;
-- An UPDATE that the rules reject leaves the row as it was.
UPDATE listings SET stock = 0, title = 'gone' WHERE sku = 'm-1';
SELECT * FROM listings ORDER BY sku;

-- The corrections are logged under the program's own name and version, keyed by primary key.
SELECT rule_set, version, rule_id, row_key, field, old_value, new_value, action
  FROM correction_logs ORDER BY created_at, row_key, rule_id, field, action;
SELECT rule_set, version, source, rows_in, rows_out, rejected FROM rule_runs ORDER BY run_id;

-- A named version; an unknown rule set fails the statement.
SELECT add_version('listing', $$
ruleset: listing
version: 1.1.0
rules:
  - id: title-tidy
    field: title
    do: [trim, collapse_whitespace, upper]
$$);
CREATE TABLE drafts (sku text PRIMARY KEY, title text);
CREATE TRIGGER drafts_enforce BEFORE INSERT ON drafts
    FOR EACH ROW EXECUTE FUNCTION smart_rules.enforce_rules('listing', '1.1.0');
INSERT INTO drafts VALUES ('d-1', ' a  draft ');
SELECT * FROM drafts;
CREATE TABLE strays (sku text PRIMARY KEY, title text);
CREATE TRIGGER strays_enforce BEFORE INSERT ON strays
    FOR EACH ROW EXECUTE FUNCTION smart_rules.enforce_rules('no-such-set');
INSERT INTO strays VALUES ('s-1', 'x');
-- A rule naming a column the table does not have fails before the row is written.
CREATE TRIGGER strays_wrong BEFORE INSERT ON strays
    FOR EACH ROW EXECUTE FUNCTION smart_rules.enforce_rules('listing', '1.0.0');
DROP TRIGGER strays_enforce ON strays;
INSERT INTO strays VALUES ('s-1', 'x');
SELECT count(*) FROM strays;

-- Only as a BEFORE row trigger on INSERT or UPDATE, with a rule set's name.
CREATE TRIGGER strays_after AFTER INSERT ON strays
    FOR EACH ROW EXECUTE FUNCTION smart_rules.enforce_rules('listing');
DROP TRIGGER strays_wrong ON strays;
INSERT INTO strays VALUES ('s-2', 'x');
DROP TRIGGER strays_after ON strays;
CREATE TRIGGER strays_bare BEFORE INSERT ON strays
    FOR EACH ROW EXECUTE FUNCTION smart_rules.enforce_rules();
INSERT INTO strays VALUES ('s-3', 'x');
SELECT smart_rules.enforce_rules();

RESET smart_rules.tenant;
DROP TABLE listings, drafts, strays;
DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
